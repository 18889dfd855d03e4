// Library messages name options (batch_size, resume_path), never a face's flags (--batch-size): the library is
// used from the CLI, from Python and from C++, and only the CLI has flags.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace fs = std::filesystem;

TEST(LibraryMessages, NoStringLiteralInSrcOrIncludeNamesACliFlag) {
  const std::regex literal(R"("(?:[^"\\]|\\.)*")");
  const std::regex flag(R"((^|[^-])--[a-z])");
  std::vector<std::string> offenders;
  size_t files = 0;
  for (const char* part : {"src", "include"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(INFOTORCH_SOURCE_DIR) / part)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".h") continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      int number = 0;
      while (std::getline(in, line)) {
        ++number;
        const auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line.compare(first, 2, "//") == 0) continue;  // a comment line
        if (auto c = line.find("  //"); c != std::string::npos) line = line.substr(0, c);  // a trailing comment
        for (std::sregex_iterator m(line.begin(), line.end(), literal), end; m != end; ++m)
          if (std::regex_search(m->str(), flag))
            offenders.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + m->str());
      }
    }
  }
  EXPECT_GT(files, 100u);  // the scan saw the tree
  std::string list;
  for (const auto& o : offenders) list += o + "\n";
  EXPECT_TRUE(offenders.empty()) << list;
}
