// UTF-8 helpers: decoding follows the WHATWG decoder (one U+FFFD per maximal invalid
// subsequence), and byte offsets map to the UTF-16 offsets JavaScript uses.
#include "core/utf8.h"

#include <gtest/gtest.h>

#include <vector>

namespace tokvec {
namespace {

std::u32string decode_all(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(utf8::decode(s, i));
  return out;
}

TEST(Utf8, DecodesEveryEncodingLength) {
  EXPECT_EQ(decode_all("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), (std::u32string{U'a', 0xE9, 0x20AC, 0x1F600}));
}

TEST(Utf8, InvalidBytesBecomeOneReplacementPerMaximalSubpart) {
  // Same results as TextDecoder: truncated 3-byte sequence = one U+FFFD; lone continuation = one.
  EXPECT_EQ(decode_all("\xE2\x82" "a"), (std::u32string{0xFFFD, U'a'}));
  EXPECT_EQ(decode_all("\x80\x80"), (std::u32string{0xFFFD, 0xFFFD}));
  EXPECT_EQ(decode_all("\xED\xA0\x80"), (std::u32string{0xFFFD, 0xFFFD, 0xFFFD}));  // encoded surrogate
  EXPECT_EQ(decode_all("\xC0\xAF"), (std::u32string{0xFFFD, 0xFFFD}));              // overlong
  EXPECT_EQ(decode_all("\xF4\x90\x80\x80"), (std::u32string{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}));
}

TEST(Utf8, AppendRoundTripsAndReplacesSurrogates) {
  std::string s;
  for (char32_t cp : {U'a', char32_t(0xE9), char32_t(0x20AC), char32_t(0x1F600), char32_t(0xD800)}) utf8::append(s, cp);
  EXPECT_EQ(s, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBD");
  EXPECT_TRUE(utf8::is_valid(s));
  EXPECT_FALSE(utf8::is_valid("\xC3"));
}

TEST(Utf8, ToValidReplacesEachMaximalInvalidSubsequence) {
  EXPECT_EQ(utf8::to_valid("a\xF0\x9F\x98" "b\x80"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
  EXPECT_EQ(utf8::to_valid("ok \xC3\xA9"), "ok \xC3\xA9");
}

TEST(Utf8, CompletePrefixHoldsBackOnlyValidIncompleteTails) {
  EXPECT_EQ(utf8::complete_prefix("ab"), 2u);
  EXPECT_EQ(utf8::complete_prefix("a\xF0\x9F\x98"), 1u);  // 3 of 4 bytes of an emoji
  EXPECT_EQ(utf8::complete_prefix("a\xE0"), 1u);          // a lead alone may still complete
  EXPECT_EQ(utf8::complete_prefix("a\xE0\x80"), 3u);      // E0 80 can never complete: emit it
  EXPECT_EQ(utf8::complete_prefix("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(utf8::complete_prefix("a\x80"), 2u);
}

TEST(Utf8, ByteOffsetsBecomeUtf16Offsets) {
  const std::string text = "a\xC3\xA9\xF0\x9F\x98\x80z";  // a é 😀 z: bytes 0,1,3,7; UTF-16 0,1,2,4
  const std::vector<uint32_t> bytes{0, 1, 3, 7, 8};
  std::vector<uint32_t> units(bytes.size());
  utf8::to_utf16_offsets(text, bytes.data(), bytes.size(), units.data(), false);
  EXPECT_EQ(units, (std::vector<uint32_t>{0, 1, 2, 4, 5}));
  // Inside a character: starts round down to it, ends round up past it.
  const std::vector<uint32_t> inside{5, 2};
  std::vector<uint32_t> down(2), up(2);
  utf8::to_utf16_offsets(text, inside.data(), 2, down.data(), false);
  utf8::to_utf16_offsets(text, inside.data(), 2, up.data(), true);
  EXPECT_EQ(down, (std::vector<uint32_t>{2, 1}));
  EXPECT_EQ(up, (std::vector<uint32_t>{4, 2}));
}

}  // namespace
}  // namespace tokvec
