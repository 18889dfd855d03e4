#include "mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "infotorch/core/error.h"

namespace infotorch::detail {

MappedFile::MappedFile(const std::string& path, const std::string& arg) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(arg + ": cannot open '" + path + "': " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
    const std::string why = S_ISDIR(st.st_mode) ? "it is a directory" : std::strerror(errno);
    ::close(fd);
    throw Error(arg + ": cannot open '" + path + "': " + why);
  }
  if (!S_ISREG(st.st_mode)) {  // a pipe or a device (process substitution, /dev/stdin): read it to the end
    char buf[1 << 16];
    ssize_t got;
    while ((got = ::read(fd, buf, sizeof buf)) > 0) owned_.append(buf, static_cast<size_t>(got));
    const int err = errno;
    ::close(fd);
    if (got < 0) throw Error(arg + ": cannot read '" + path + "': " + std::strerror(err));
    return;
  }
  size_ = static_cast<size_t>(st.st_size);
  if (size_ > 0) {
    data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data_ == MAP_FAILED) {
      const int err = errno;
      ::close(fd);
      data_ = nullptr;
      throw Error(arg + ": cannot read '" + path + "': " + std::strerror(err));
    }
  }
  ::close(fd);  // the mapping stays valid
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(data_, size_);
}

}  // namespace infotorch::detail
