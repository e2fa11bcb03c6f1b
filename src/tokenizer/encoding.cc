// Encoding's truncation, padding and merging, as HuggingFace's tokenizer/encoding.rs defines them
// (truncate, pad, merge_with), overflowing pieces included.
#include "tokenizer/encoding.h"

#include <algorithm>

namespace tokvec {

void Encoding::append(const Encoding& other) {
  for (const auto& [index, text] : other.texts) texts.emplace_back(static_cast<uint32_t>(ids.size()) + index, text);
  ids.insert(ids.end(), other.ids.begin(), other.ids.end());
  offsets.insert(offsets.end(), other.offsets.begin(), other.offsets.end());
  special_tokens_mask.insert(special_tokens_mask.end(), other.special_tokens_mask.begin(),
                             other.special_tokens_mask.end());
  type_ids.insert(type_ids.end(), other.type_ids.begin(), other.type_ids.end());
  attention_mask.insert(attention_mask.end(), other.attention_mask.begin(), other.attention_mask.end());
  sequence_ids.insert(sequence_ids.end(), other.sequence_ids.begin(), other.sequence_ids.end());
}

void Encoding::merge_with(const Encoding& pair) {
  if (overflowing.empty() && pair.overflowing.empty()) {
    append(pair);
    return;
  }
  std::vector<Encoding> combined;
  for (const Encoding& ours : overflowing) {
    combined.push_back(ours);
    combined.back().merge_with(pair);
    for (const Encoding& theirs : pair.overflowing) {
      combined.push_back(ours);
      combined.back().merge_with(theirs);
    }
  }
  // Ourselves as we are, overflowing pieces included: HuggingFace clones the whole encoding here.
  for (const Encoding& theirs : pair.overflowing) {
    combined.push_back(*this);
    combined.back().merge_with(theirs);
  }
  append(pair);
  overflowing = std::move(combined);
}

Encoding Encoding::slice(size_t start, size_t stop) const {
  Encoding e;
  const auto from = static_cast<std::ptrdiff_t>(start), to = static_cast<std::ptrdiff_t>(stop);
  e.ids.assign(ids.begin() + from, ids.begin() + to);
  e.offsets.assign(offsets.begin() + from, offsets.begin() + to);
  e.special_tokens_mask.assign(special_tokens_mask.begin() + from, special_tokens_mask.begin() + to);
  e.type_ids.assign(type_ids.begin() + from, type_ids.begin() + to);
  e.attention_mask.assign(attention_mask.begin() + from, attention_mask.begin() + to);
  e.sequence_ids.assign(sequence_ids.begin() + from, sequence_ids.begin() + to);
  for (const auto& [index, text] : texts) {
    if (index >= start && index < stop) e.texts.emplace_back(static_cast<uint32_t>(index - start), text);
  }
  return e;
}

void Encoding::truncate(size_t max_length, size_t stride, TruncationDirection direction) {
  const size_t n = size();
  if (max_length >= n) return;
  if (max_length == 0) {
    Encoding all = std::move(*this);
    *this = Encoding();
    overflowing.push_back(std::move(all));
    return;
  }
  // Windows of max_length tokens, each starting `step` after the previous, until one reaches the
  // end (the start for kLeft, whose windows are laid from the end backwards).
  const size_t step = max_length - stride;
  std::vector<std::pair<size_t, size_t>> parts;
  if (direction == TruncationDirection::kRight) {
    for (size_t start = 0; start < n; start += step) {
      const size_t stop = std::min(start + max_length, n);
      parts.emplace_back(start, stop);
      if (stop == n) break;
    }
  } else {
    for (size_t stop = n; stop > 0; stop = stop > step ? stop - step : 0) {
      const size_t start = stop > max_length ? stop - max_length : 0;
      parts.emplace_back(start, stop);
      if (start == 0) break;
    }
  }
  Encoding kept = slice(parts[0].first, parts[0].second);
  for (size_t i = 1; i < parts.size(); ++i) kept.overflowing.push_back(slice(parts[i].first, parts[i].second));
  *this = std::move(kept);
}

void Encoding::pad(size_t target, uint32_t pad_id, uint32_t pad_type_id, const std::optional<std::string>& pad_text,
                   PaddingDirection direction) {
  for (Encoding& piece : overflowing) piece.pad(target, pad_id, pad_type_id, pad_text, direction);
  if (size() >= target) return;
  const size_t count = target - size();
  const auto at = [&](auto& v) { return direction == PaddingDirection::kLeft ? v.begin() : v.end(); };
  ids.insert(at(ids), count, pad_id);
  offsets.insert(at(offsets), count, Span{0, 0});
  special_tokens_mask.insert(at(special_tokens_mask), count, uint8_t{1});
  type_ids.insert(at(type_ids), count, pad_type_id);
  attention_mask.insert(at(attention_mask), count, uint8_t{0});
  sequence_ids.insert(at(sequence_ids), count, uint8_t{0});
  const size_t first_pad = direction == PaddingDirection::kLeft ? 0 : size() - count;
  if (direction == PaddingDirection::kLeft) {
    for (auto& entry : texts) entry.first += static_cast<uint32_t>(count);
  }
  if (pad_text) {
    std::vector<std::pair<uint32_t, std::string>> pads;
    for (size_t i = 0; i < count; ++i) pads.emplace_back(static_cast<uint32_t>(first_pad + i), *pad_text);
    texts.insert(direction == PaddingDirection::kLeft ? texts.begin() : texts.end(), pads.begin(), pads.end());
  }
}

}  // namespace tokvec
