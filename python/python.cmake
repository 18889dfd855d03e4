# The Python package. The interpreter is the one whose torch shares LibTorch with libtorch-dev
# (Debian: /usr/bin/python3 with python3-torch; another python3 on PATH may have no torch or another one).
set(INFOTORCH_PYTHON_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter with the matching torch")
set(Python3_EXECUTABLE ${INFOTORCH_PYTHON_EXECUTABLE})
set(PYTHON_EXECUTABLE ${INFOTORCH_PYTHON_EXECUTABLE})
find_package(Python3 REQUIRED COMPONENTS Interpreter Development.Module)
find_package(pybind11 2.6 CONFIG REQUIRED)
# torch_python holds the Tensor <-> torch.Tensor conversions used by torch/extension.h.
find_library(TORCH_PYTHON_LIBRARY torch_python
             PATHS ${TORCH_INSTALL_PREFIX}/lib /usr/lib/x86_64-linux-gnu /usr/lib/python3/dist-packages/torch/lib REQUIRED)

set(INFOTORCH_PYTHON_DIR ${CMAKE_BINARY_DIR}/python)  # put this on PYTHONPATH: `import infotorch`
# NO_EXTRAS: no link-time optimisation (it only lengthens the link; the work is in the library).
pybind11_add_module(_infotorch MODULE NO_EXTRAS ${CMAKE_CURRENT_SOURCE_DIR}/python/src/bindings.cpp)
target_link_libraries(_infotorch PRIVATE infotorch_lib ${TORCH_PYTHON_LIBRARY})
target_compile_definitions(_infotorch PRIVATE TORCH_EXTENSION_NAME=_infotorch TORCH_API_INCLUDE_EXTENSION_H)
set_target_properties(_infotorch PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${INFOTORCH_PYTHON_DIR}/infotorch
                                            UNITY_BUILD OFF)

# The pure-Python files are copied next to the module, so build/python/infotorch is the whole package.
file(GLOB INFOTORCH_PY_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/python/infotorch/*)
set(INFOTORCH_PY_OUTPUTS)
foreach(f ${INFOTORCH_PY_FILES})
  get_filename_component(name ${f} NAME)
  set(out ${INFOTORCH_PYTHON_DIR}/infotorch/${name})
  add_custom_command(OUTPUT ${out} COMMAND ${CMAKE_COMMAND} -E copy_if_different ${f} ${out} DEPENDS ${f})
  list(APPEND INFOTORCH_PY_OUTPUTS ${out})
endforeach()
add_custom_target(infotorch_python ALL DEPENDS ${INFOTORCH_PY_OUTPUTS} _infotorch)

if(INFOTORCH_TESTS)
  # The library's own results on the test's inputs, for exact comparison (python/tests/reference.cpp).
  add_executable(infotorch_py_reference ${CMAKE_CURRENT_SOURCE_DIR}/python/tests/reference.cpp)
  target_link_libraries(infotorch_py_reference PRIVATE infotorch_lib nlohmann_json::nlohmann_json)
  infotorch_reuse_pch(infotorch_py_reference)
  add_test(NAME python COMMAND ${INFOTORCH_PYTHON_EXECUTABLE} -m pytest -q -p no:cacheprovider
                               ${CMAKE_CURRENT_SOURCE_DIR}/python/tests)
  set_tests_properties(python PROPERTIES TIMEOUT 600 ENVIRONMENT
    "PYTHONPATH=${INFOTORCH_PYTHON_DIR};INFOTORCH_CLI=$<TARGET_FILE:infotorch>;INFOTORCH_PY_REFERENCE=$<TARGET_FILE:infotorch_py_reference>;OMP_WAIT_POLICY=PASSIVE;INFOTORCH_SOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}")
  if(INFOTORCH_SANITIZE)
    # The interpreter is not instrumented, so the sanitizer runtimes must be loaded first (before the extension
    # module that needs them); Python's own allocations are not ours to check for leaks.
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so OUTPUT_VARIABLE _asan OUTPUT_STRIP_TRAILING_WHITESPACE)
    execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so OUTPUT_VARIABLE _ubsan OUTPUT_STRIP_TRAILING_WHITESPACE)
    set_property(TEST python APPEND PROPERTY ENVIRONMENT "LD_PRELOAD=${_asan}:${_ubsan}")
  endif()
endif()
