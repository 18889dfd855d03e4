#include <gtest/gtest.h>

#include "infotorch/core/error.h"
#include "infotorch/core/spec.h"

using infotorch::Error;
using infotorch::parse_spec;

TEST(Spec, ParsesNameAndOptions) {
  auto s = parse_spec("smile:tau=5, alpha = 0.5");
  EXPECT_EQ(s.name, "smile");
  EXPECT_DOUBLE_EQ(s.get_double("tau", 0), 5.0);
  EXPECT_DOUBLE_EQ(s.get_double("alpha", 0), 0.5);
  EXPECT_DOUBLE_EQ(s.get_double("missing", 7), 7.0);
  EXPECT_EQ(parse_spec("infonce").options.size(), 0u);
  EXPECT_EQ(s.str(), "smile:alpha=0.5,tau=5");
}

TEST(Spec, RejectsMalformedOptions) {
  EXPECT_THROW(parse_spec(":tau=5"), Error);
  try {
    parse_spec("smile:tau");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "estimator spec 'smile:tau': option 'tau' must be key=value");
  }
}

TEST(Spec, UnknownOptionAndBadNumberAreNamed) {
  auto s = parse_spec("smile:tua=5");
  try {
    s.allow_only({"tau"});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "estimator 'smile': unknown option 'tua' (known: tau)");
  }
  auto t = parse_spec("ksg:k=three");
  try {
    t.get_int("k", 3);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "estimator 'ksg': option k='three' is not an integer");
  }
}

TEST(Spec, SplitsSpecListsOnSemicolonsAndOnCommasBetweenSpecs) {
  using V = std::vector<std::string>;
  EXPECT_EQ(infotorch::split_spec_list("infonce,smile:tau=5,js"), (V{"infonce", "smile:tau=5", "js"}));
  // A comma-separated key=value without a name continues the previous spec.
  EXPECT_EQ(infotorch::split_spec_list("knn:every=2,bank=100,probe"), (V{"knn:every=2,bank=100", "probe"}));
  EXPECT_EQ(infotorch::split_spec_list("knn:every=2;bank=100"), (V{"knn:every=2", "bank=100"}));  // ';' always cuts
  EXPECT_EQ(infotorch::split_spec_list(" a ; ;b "), (V{"a", "b"}));
  EXPECT_TRUE(infotorch::split_spec_list("").empty());
}
