// JsonView: every failure names the document, the path and what was found.
#include "core/json.h"

#include <gtest/gtest.h>

namespace tokvec {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(JsonView, ErrorsNameThePathAndTheFoundType) {
  const auto doc = JsonView::parse(R"({"model": {"merges": ["a b", 17], "vocab": {"a": 0}}})", "tokenizer.json");
  const JsonView root(doc, "tokenizer.json");
  EXPECT_EQ(root.at("model").at("merges").at(0).as_string(), "a b");
  EXPECT_EQ(error_of([&] { root.at("model").at("merges").at(1).as_string(); }),
            "tokenizer.json: model.merges[1]: expected a string, got number");
  EXPECT_EQ(error_of([&] { root.at("model").at("dropout"); }), "tokenizer.json: model: missing \"dropout\"");
  EXPECT_EQ(error_of([&] { root.at("model").at("vocab").at("a").as_bool(); }),
            "tokenizer.json: model.vocab.a: expected a boolean, got number");
  EXPECT_EQ(root.at("model").at("vocab").at("a").as_u32(), 0u);
}

TEST(JsonView, FindTreatsNullAsMissing) {
  const auto doc = JsonView::parse(R"({"normalizer": null, "x": true})", "t.json");
  const JsonView root(doc, "t.json");
  EXPECT_FALSE(root.find("normalizer").has_value());
  EXPECT_FALSE(root.find("absent").has_value());
  EXPECT_TRUE(root.bool_or("x", false));
  EXPECT_EQ(root.string_or("absent", "dflt"), "dflt");
}

TEST(JsonView, SyntaxErrorsAndDeepNestingAreParseErrors) {
  EXPECT_EQ(error_of([] { JsonView::parse(R"({"a": )", "t.json"); }).rfind("t.json: not valid JSON at byte", 0), 0u);
  const std::string deep(100000, '[');
  EXPECT_EQ(error_of([&] { JsonView::parse(deep, "t.json"); }), "t.json: nesting deeper than 512 levels at byte 512");
}

TEST(JsonView, UnrepresentableNumbersAreParseErrors) {
  EXPECT_EQ(error_of([] { JsonView::parse(R"({"score": 1e999})", "t.json"); }),
            "t.json: number overflow parsing '1e999'");
}

TEST(JsonView, WholeNumbersAreCheckedForRange) {
  const auto doc = JsonView::parse(R"([-1, 4294967296, 2.5, 7.0])", "t.json");
  const JsonView root(doc, "t.json");
  EXPECT_EQ(error_of([&] { root.at(0).as_u32(); }), "t.json: [0]: expected a whole number from 0 to 4294967295, got -1");
  EXPECT_NE(error_of([&] { root.at(1).as_u32(); }), "no error");
  EXPECT_EQ(error_of([&] { root.at(2).as_int(); }), "t.json: [2]: expected a whole number, got 2.5");
  EXPECT_EQ(root.at(3).as_u32(), 7u);
}

}  // namespace
}  // namespace tokvec
