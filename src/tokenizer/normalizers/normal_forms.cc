#include "tokenizer/normalizers/normal_forms.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/utf8.h"
#include "tokenizer/normalizers/rewrite.h"

namespace tokvec {

void normalize_form(Normalized& s, unicode::NormalForm form) {
  // A character below `stable_below` is a starter that never combines with what precedes it, so
  // normalization never reaches across it: the text splits into independent clusters, each
  // starting at such a character. Only clusters holding a character at or above the bound can
  // change, and only those are normalized; the rest is copied (or, when nothing changes, left).
  const char32_t stable_below = unicode::detail::kNormalizedBelow[static_cast<int>(form)];
  const std::string_view text = s.text;
  std::optional<Rewrite> rewrite;
  std::u32string cluster;
  std::vector<std::pair<char32_t, int>> normalized;
  size_t cluster_start = 0;  // start of the last stable character seen (or of the text)
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<uint8_t>(text[i]) < 0x80) {
      // The last ASCII character of the run is where a cluster would start.
      i = skip_ascii(text, i);
      cluster_start = i - 1;
      continue;
    }
    const size_t start = i;
    char32_t cp = utf8::decode(text, i);
    if (cp < stable_below) {
      cluster_start = start;
      continue;
    }
    // The cluster runs from its stable first character to the next stable character.
    size_t end = i;
    while (end < text.size()) {
      size_t next = end;
      if (static_cast<uint8_t>(text[next]) < 0x80 || utf8::decode(text, next) < stable_below) break;
      end = next;
    }
    cluster.clear();
    for (size_t j = cluster_start; j < end;) cluster.push_back(utf8::decode(text, j));
    unicode::normalize(cluster, form, normalized);
    bool same = normalized.size() == cluster.size();
    for (size_t k = 0; same && k < cluster.size(); ++k) {
      same = normalized[k].first == cluster[k] && normalized[k].second == 0;
    }
    if (!same) {
      if (!rewrite) rewrite.emplace(s);
      rewrite->keep(cluster_start);
      for (const auto& [c, change] : normalized) rewrite->emit(c, change);
    }
    i = end;
    cluster_start = end;
  }
  if (rewrite) rewrite->finish(s);
}

}  // namespace tokvec
