// A whole file as read-only bytes: a regular file is memory-mapped (nothing copied or allocated), a pipe is read. Private to the library.
#pragma once
#include <string>
#include <string_view>

namespace infotorch::detail {

class MappedFile {
 public:
  // Throws Error "<arg>: cannot open '<path>': <reason>" for a missing, unreadable or non-regular file.
  MappedFile(const std::string& path, const std::string& arg);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return data_ ? std::string_view(static_cast<const char*>(data_), size_) : owned_; }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  std::string owned_;  // what a pipe delivered
};

}  // namespace infotorch::detail
