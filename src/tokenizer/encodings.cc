#include "tokenizer/encodings.h"

#include <iterator>

#include "core/error.h"

namespace tokvec {
namespace {

// tiktoken's r50k_pat_str, its faster equivalent of the pattern in the original GPT-2 release:
//   's|'t|'re|'ve|'m|'ll|'d| ?[\p{L}]+| ?[\p{N}]+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
constexpr const char* kR50kPattern =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";

constexpr const char* kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";

// openai_public.py joins seven alternatives with "|"; this is that join.
constexpr const char* kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3})"
    R"(| ?[^\s\p{L}\p{N}]+[\r\n/]*)"
    R"(|\s*[\r\n]+)"
    R"(|\s+(?!\S))"
    R"(|\s+)";

constexpr const char* kEndOfText = "<|endoftext|>";
constexpr const char* kFimPrefix = "<|fim_prefix|>";
constexpr const char* kFimMiddle = "<|fim_middle|>";
constexpr const char* kFimSuffix = "<|fim_suffix|>";
constexpr const char* kEndOfPrompt = "<|endofprompt|>";

// The table as plain data, which encoding_specs() turns into EncodingSpecs with one loop: an
// initializer list of EncodingSpecs compiles to code for every string and vector in it, each with
// its own cleanup (size budget, issue 7).
struct SpecialTokenRow {
  const char* token;  // nullptr ends the row's list
  uint32_t id;
};

struct EncodingRow {
  const char* name;
  const char* pattern;
  SpecialTokenRow special_tokens[5];
  uint32_t explicit_vocab_size;
};

constexpr EncodingRow kEncodings[] = {
    {"gpt2", kR50kPattern, {{kEndOfText, 50256}}, 50257},
    {"r50k_base", kR50kPattern, {{kEndOfText, 50256}}, 50257},
    {"p50k_base", kR50kPattern, {{kEndOfText, 50256}}, 50281},
    {"cl100k_base",
     kCl100kPattern,
     {{kEndOfText, 100257}, {kFimPrefix, 100258}, {kFimMiddle, 100259}, {kFimSuffix, 100260}, {kEndOfPrompt, 100276}},
     0},
    {"o200k_base", kO200kPattern, {{kEndOfText, 199999}, {kEndOfPrompt, 200018}}, 0},
};

}  // namespace

const std::vector<EncodingSpec>& encoding_specs() {
  static const std::vector<EncodingSpec> specs = [] {
    std::vector<EncodingSpec> all(std::size(kEncodings));
    for (size_t i = 0; i < all.size(); ++i) {
      const EncodingRow& row = kEncodings[i];
      all[i].name = row.name;
      all[i].pattern = row.pattern;
      for (const SpecialTokenRow& token : row.special_tokens) {
        if (token.token) all[i].special_tokens.emplace_back(token.token, token.id);
      }
      all[i].explicit_vocab_size = row.explicit_vocab_size;
    }
    return all;
  }();
  return specs;
}

const EncodingSpec& encoding_spec(std::string_view name) {
  std::string known;
  for (const EncodingSpec& spec : encoding_specs()) {
    if (spec.name == name) return spec;
    known += known.empty() ? "" : ", ";
    known += spec.name;
  }
  throw Error(ErrorCode::kInvalidArgument,
              "unknown encoding \"" + std::string(name) + "\" (known encodings: " + known + ")");
}

}  // namespace tokvec
