// Declared options: one declaration sets, reads and documents a field; bad values name the option.
#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/core/options.h"
#include "../error_of.h"

namespace {

struct Example {
  bool flag = true;
  int threads = 2;
  int64_t steps = 10;
  uint64_t seed = 7;
  double lr = 1e-3;
  std::string name = "infonce";
};

}  // namespace

TEST(CoreOptions, SetsEachKindFromTextAndReadsItBack) {
  Example e;
  infotorch::OptionList list;
  list.add("flag", e.flag, "a switch").add("threads", e.threads, "t").add("steps", e.steps, "s");
  list.add("seed", e.seed, "seed").add("lr", e.lr, "rate").add("name", e.name, "spec");
  EXPECT_EQ(list.options().size(), 6u);
  EXPECT_EQ(list.options()[4].default_text, "0.001");
  list.set("flag", "false");
  list.set("threads", "-1");
  list.set("steps", "123456789012");
  list.set("seed", "42");
  list.set("lr", "2.5e-4");
  list.set("name", "smile:tau=5");
  EXPECT_FALSE(e.flag);
  EXPECT_EQ(e.threads, -1);
  EXPECT_EQ(e.steps, 123456789012);
  EXPECT_EQ(e.seed, 42u);
  EXPECT_DOUBLE_EQ(e.lr, 2.5e-4);
  EXPECT_EQ(e.name, "smile:tau=5");
  EXPECT_EQ(list.get("lr"), "0.00025");  // the shortest text that round-trips exactly
  list.set("lr", list.get("lr"));
  EXPECT_DOUBLE_EQ(e.lr, 2.5e-4);
  EXPECT_EQ(list.get("flag"), "false");
  EXPECT_EQ(infotorch::OptionList::kind(list.options()[0]), "bool");
  EXPECT_EQ(infotorch::OptionList::kind(list.options()[4]), "number");
  EXPECT_NE(list.help().find("  lr (number, default '0.001'): rate\n"), std::string::npos);
}

TEST(CoreOptions, BadValuesAndUnknownNamesAreErrorsNamingTheOption) {
  Example e;
  infotorch::OptionList list;
  list.add("flag", e.flag, "").add("steps", e.steps, "").add("seed", e.seed, "").add("lr", e.lr, "");
  EXPECT_EQ(error_of([&] { list.set("lr", "fast"); }), "lr: expected a number, got 'fast'");
  EXPECT_EQ(error_of([&] { list.set("steps", "1.5"); }), "steps: expected an integer, got '1.5'");
  EXPECT_EQ(error_of([&] { list.set("seed", "-3"); }), "seed: expected a non-negative integer, got '-3'");
  EXPECT_EQ(error_of([&] { list.set("flag", "maybe"); }), "flag: expected true or false, got 'maybe'");
  EXPECT_EQ(error_of([&] { list.set("batch", "3"); }), "unknown option 'batch' (known: flag, steps, seed, lr)");
  EXPECT_DOUBLE_EQ(e.lr, 1e-3);  // a refused value leaves the field as it was
  EXPECT_THROW(list.add("lr", e.lr, "again"), infotorch::Error);
  infotorch::OptionList other;
  other.add("lr", e.lr, "");
  EXPECT_THROW(list.append(other), infotorch::Error);
  EXPECT_EQ(infotorch::option_flag("batch_size"), "--batch-size");
}
