# Writes the .npy fixtures of tests/core/npy_test.cpp with NumPy itself (run: /usr/bin/python3 make_npy.py).
# Every file holds the same 3 x 2 table [[0, 1], [2, 3], [4, 5]] (bool: [[0, 1], [1, 1], [0, 0]]),
# in the dtype, byte order and memory order its name says.
import numpy as np

base = np.arange(6).reshape(3, 2)
for name, arr in {
    "i1": base.astype("i1"), "u1": base.astype("u1"), "i2_le": base.astype("<i2"), "i4_be": base.astype(">i4"),
    "i8_le": base.astype("<i8") - 3, "u8_be": base.astype(">u8"), "f2_le": base.astype("<f2") / 4,
    "f4_be": base.astype(">f4") / 4, "f8_be": base.astype(">f8") / 4, "f8_fortran": np.asfortranarray(base / 4.0),
    "i4_be_fortran": np.asfortranarray(base.astype(">i4")), "bool": np.array([[0, 1], [1, 1], [0, 0]], dtype=bool),
    "vector_f8": np.array([1.5, -2.0, 3.25]),
    # refused: not a table of numbers
    "object": np.array([[1, "a"], [2, "b"]], dtype=object), "complex": base.astype(np.complex128),
    "structured": np.zeros(3, dtype=[("a", "<f8"), ("b", "<i4")]), "three_d": np.zeros((2, 2, 2)),
    "strings": np.array(["ab", "cd"]),
}.items():
    np.save(name + ".npy", arr, allow_pickle=True)
