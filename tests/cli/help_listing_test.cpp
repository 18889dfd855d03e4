// The CLI's help lists every family's options from the library's declarations: each kind and each declared
// option, with its default, appears in `estimate --help` and `bench suite --help` exactly as declared.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

#include "infotorch/bench/suite.h"
#include "infotorch/bounds/factory.h"
#include "infotorch/core/options.h"
#include "infotorch/critics/factory.h"
#include "infotorch/estimate.h"
#include "infotorch/knn/estimate.h"
#include "infotorch/tasks/factory.h"

namespace {

std::string help_of(const std::string& args) {
  FILE* p = popen((std::string(INFOTORCH_CLI) + " " + args + " --help 2>&1").c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), got);
  pclose(p);
  return out;
}

// Every kind of the family and every option it declares, as "name (kind, default 'D'): doc".
template <class Build>
void expect_family_listed(const std::string& help, const std::vector<infotorch::Kind<Build>>& kinds) {
  ASSERT_FALSE(kinds.empty());
  for (const auto& k : kinds) {
    EXPECT_NE(help.find("  " + k.name + ": " + k.doc + "\n"), std::string::npos) << k.name;
    infotorch::OptionList list;
    k.declare(list);
    for (const auto& o : list.options()) {
      const std::string line = o.name + " (" + infotorch::OptionList::kind(o) + ", default '" + o.default_text + "'): " + o.doc;
      EXPECT_NE(help.find(line), std::string::npos) << k.name << ": " << line;
    }
  }
}

// Every declared option of a command is a flag showing its default.
void expect_flags_listed(const std::string& help, const infotorch::OptionList& list) {
  for (const auto& o : list.options()) {
    EXPECT_NE(help.find(infotorch::option_flag(o.name)), std::string::npos) << o.name;
    EXPECT_NE(help.find(o.doc), std::string::npos) << o.name;
    if (infotorch::OptionList::kind(o) != "bool")
      EXPECT_NE(help.find(infotorch::option_flag(o.name) + " "), std::string::npos) << o.name;
  }
}

}  // namespace

TEST(HelpListing, EstimateListsEveryFamilyFromTheDeclarations) {
  const auto help = help_of("estimate");
  expect_family_listed(help, infotorch::bounds::bound_kinds());
  expect_family_listed(help, infotorch::knn::knn_kinds());
  expect_family_listed(help, infotorch::critics::critic_family());
  expect_family_listed(help, infotorch::tasks::task_kinds());
  infotorch::EstimateOptions o;
  infotorch::OptionList list;
  declare(list, o);
  expect_flags_listed(help, list);
}

TEST(HelpListing, BenchSuiteListsTheFamiliesAndItsDeclaredOptions) {
  const auto help = help_of("bench suite");
  expect_family_listed(help, infotorch::bounds::bound_kinds());
  expect_family_listed(help, infotorch::tasks::task_kinds());
  infotorch::bench::SuiteOptions o;
  infotorch::OptionList list;
  declare(list, o);
  expect_flags_listed(help, list);
  EXPECT_NE(help.find("--seeds INT=10"), std::string::npos);
  // `bench --help` and `bench staircase --help` carry the same listing.
  for (const char* cmd : {"bench", "bench staircase"}) {
    const auto h = help_of(cmd);
    expect_family_listed(h, infotorch::bounds::bound_kinds());
    expect_family_listed(h, infotorch::critics::critic_family());
  }
}

TEST(BenchSpeedCli, FindsThePythonReferenceFromAnyWorkingDirectory) {
  // Run from the temp directory, far from the repository: the reference is found in the source tree.
  const std::string cmd = "cd '" + testing::TempDir() + "' && " + std::string(INFOTORCH_CLI) +
                          " bench speed --k 16 --critics separable --steps 1 --infonce-n 64 --infonce-d 8 "
                          "--memory-k 0 --threads 1 --json 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf{};
  size_t got;
  while ((got = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), got);
  pclose(p);
  EXPECT_EQ(out.find("Python reference failed"), std::string::npos) << out;
  EXPECT_NE(out.find("\"python_ms\":"), std::string::npos) << out;
  EXPECT_EQ(out.find("\"python_ms\":null"), std::string::npos) << out;
}
