#include "tokenizer/truncation.h"

#include <algorithm>

#include "core/error.h"

namespace tokvec {

namespace {

std::string in_quotes(std::string_view s) {
  std::string out(1, '"');
  out.append(s).push_back('"');
  return out;
}

size_t as_size(const JsonView& j) {
  if (!j.is_number() || j.as_number() < 0 || j.as_number() != static_cast<double>(static_cast<int64_t>(j.as_number()))) {
    j.fail(std::string("expected a whole number of tokens, got ") + j.dump());
  }
  return static_cast<size_t>(j.as_int());
}

// The kept length of one sequence must exceed the stride, else HuggingFace's Encoding::truncate
// asserts; say which sequence and how to fix it.
void check_stride(size_t kept, size_t stride, const char* sequence, std::string_view where) {
  if (kept > 0 && stride >= kept) {
    throw_error(ErrorCode::kInvalidArgument, {where, ": stride ", stride, " must be less than the ", kept,
                                              " tokens kept of the ", sequence, " sequence (raise maxLength or lower stride)"});
  }
}

}  // namespace

const char* truncation_strategy_name(TruncationStrategy strategy) {
  switch (strategy) {
    case TruncationStrategy::kLongestFirst: return "longest_first";
    case TruncationStrategy::kOnlyFirst: return "only_first";
    case TruncationStrategy::kOnlySecond: return "only_second";
  }
  return "longest_first";
}

TruncationParams truncation_from_json(const JsonView& j) {
  if (!j.is_object()) j.fail(std::string("expected an object or null, got ") + JsonView::type_name(j.raw()));
  TruncationParams p;
  p.max_length = as_size(j.at("max_length"));
  p.stride = as_size(j.at("stride"));
  const JsonView strategy = j.at("strategy");
  const std::string s = strategy.as_string();
  if (s == "LongestFirst") {
    p.strategy = TruncationStrategy::kLongestFirst;
  } else if (s == "OnlyFirst") {
    p.strategy = TruncationStrategy::kOnlyFirst;
  } else if (s == "OnlySecond") {
    p.strategy = TruncationStrategy::kOnlySecond;
  } else {
    strategy.fail("unknown strategy " + in_quotes(s) + " (expected LongestFirst, OnlyFirst or OnlySecond)");
  }
  if (auto d = j.find("direction")) {
    const std::string dir = d->as_string();
    if (dir != "Left" && dir != "Right") d->fail("unknown direction " + in_quotes(dir) + " (expected Left or Right)");
    p.direction = dir == "Left" ? TruncationDirection::kLeft : TruncationDirection::kRight;
  }
  return p;
}

PaddingParams padding_from_json(const JsonView& j) {
  if (!j.is_object()) j.fail(std::string("expected an object or null, got ") + JsonView::type_name(j.raw()));
  PaddingParams p;
  const JsonView strategy = j.at("strategy");
  if (strategy.is_string()) {
    if (strategy.as_string() != "BatchLongest") {
      strategy.fail("unknown strategy " + in_quotes(strategy.as_string()) + R"( (expected "BatchLongest" or {"Fixed": n}))");
    }
  } else if (strategy.is_object() && strategy.has("Fixed")) {
    p.length = as_size(strategy.at("Fixed"));
  } else {
    strategy.fail("expected \"BatchLongest\" or {\"Fixed\": n}, got " + strategy.dump());
  }
  const JsonView d = j.at("direction");
  const std::string dir = d.as_string();
  if (dir != "Left" && dir != "Right") d.fail("unknown direction " + in_quotes(dir) + " (expected Left or Right)");
  p.direction = dir == "Left" ? PaddingDirection::kLeft : PaddingDirection::kRight;
  if (auto m = j.find("pad_to_multiple_of")) p.pad_to_multiple_of = as_size(*m);
  p.pad_id = j.at("pad_id").as_u32();
  p.pad_type_id = j.at("pad_type_id").as_u32();
  p.pad_token = j.at("pad_token").as_string();
  return p;
}

void check_truncation(const TruncationParams& params, size_t added_tokens, std::string_view where) {
  if (params.max_length < added_tokens) {
    throw_error(ErrorCode::kInvalidArgument, {where, ": maxLength ", params.max_length,
                                              " leaves no room: the post-processor adds ", added_tokens, " special tokens"});
  }
  const size_t effective = params.max_length - added_tokens;
  if (params.stride > 0 && params.stride >= effective) {
    throw_error(ErrorCode::kInvalidArgument, {where, ": stride ", params.stride, " must be less than maxLength less the special tokens (",
                                              params.max_length, " - ", added_tokens, " = ", effective, ")"});
  }
}

void truncate_encodings(Encoding& encoding, Encoding* pair, const TruncationParams& params, std::string_view where) {
  if (params.max_length == 0) {
    encoding.truncate(0, params.stride, params.direction);
    if (pair) pair->truncate(0, params.stride, params.direction);
    return;
  }
  const size_t total = encoding.size() + (pair ? pair->size() : 0);
  if (total <= params.max_length) return;
  const size_t to_remove = total - params.max_length;
  if (params.strategy == TruncationStrategy::kLongestFirst) {
    if (!pair) {
      check_stride(params.max_length, params.stride, "first", where);
      encoding.truncate(params.max_length, params.stride, params.direction);
      return;
    }
    // The shorter sequence keeps what it has if the longer one can make room; otherwise each
    // keeps half, the longer one the odd token.
    size_t n1 = encoding.size(), n2 = pair->size();
    const bool swapped = n1 > n2;
    if (swapped) std::swap(n1, n2);
    n2 = n1 > params.max_length ? n1 : std::max(n1, params.max_length - n1);
    if (n1 + n2 > params.max_length) {
      n1 = params.max_length / 2;
      n2 = n1 + params.max_length % 2;
    }
    if (swapped) std::swap(n1, n2);
    if (n1 < encoding.size()) check_stride(n1, params.stride, "first", where);
    if (n2 < pair->size()) check_stride(n2, params.stride, "second", where);
    encoding.truncate(n1, params.stride, params.direction);
    pair->truncate(n2, params.stride, params.direction);
    return;
  }
  const bool first = params.strategy == TruncationStrategy::kOnlyFirst;
  if (!first && !pair) {
    throw Error(ErrorCode::kInvalidArgument,
                std::string(where) + ": strategy \"only_second\" needs a pair, but no second sequence was given");
  }
  Encoding& target = first ? encoding : *pair;
  if (target.size() <= to_remove) {
    throw_error(ErrorCode::kInvalidArgument, {where, ": strategy ", in_quotes(truncation_strategy_name(params.strategy)), ": the ",
                                              first ? "first" : "second", " sequence has ", target.size(),
                                              " tokens, too few to remove the ", to_remove, " over maxLength"});
  }
  check_stride(target.size() - to_remove, params.stride, first ? "first" : "second", where);
  target.truncate(target.size() - to_remove, params.stride, params.direction);
}

void pad_encodings(std::vector<Encoding>& encodings, const PaddingParams& params,
                   const std::optional<std::string>& pad_text) {
  if (encodings.empty()) return;
  size_t length = 0;
  if (params.length) {
    length = *params.length;
  } else {
    for (const Encoding& e : encodings) length = std::max(length, e.size());
  }
  const size_t m = params.pad_to_multiple_of;
  if (m > 0 && length % m > 0) length += m - length % m;
  // A length no model takes (a typo, a fuzzed file) would otherwise allocate gigabytes per encode.
  constexpr size_t kMaxPadding = size_t{1} << 24;
  if (length > kMaxPadding) {
    throw_error(ErrorCode::kLimit, {"padding: length ", length, " exceeds the limit of ", kMaxPadding, " tokens"});
  }
  for (Encoding& e : encodings) e.pad(length, params.pad_id, params.pad_type_id, pad_text, params.direction);
}

}  // namespace tokvec
