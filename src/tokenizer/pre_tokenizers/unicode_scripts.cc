#include "tokenizer/pre_tokenizers/unicode_scripts.h"

#include <algorithm>

#include "core/utf8.h"
#include "unicode/unicode.h"

namespace tokvec {

namespace {

// The script a character counts as; kAnyScript joins whatever surrounds it.
constexpr int kAnyScript = -1;

struct ScriptIds {
  unicode::Script han, hiragana, katakana, common, devanagari;
  ScriptIds() {
    unicode::script_from_name("Han", han);
    unicode::script_from_name("Hiragana", hiragana);
    unicode::script_from_name("Katakana", katakana);
    unicode::script_from_name("Common", common);
    unicode::script_from_name("Devanagari", devanagari);
  }
};

bool assigned_after_unicode_9(char32_t cp) {
  using unicode_scripts_detail::kAssignedAfterUnicode9;
  if (cp < kAssignedAfterUnicode9[0].first) return false;
  const auto* end = kAssignedAfterUnicode9 + unicode_scripts_detail::kAssignedAfterUnicode9Count;
  const auto* it = std::upper_bound(kAssignedAfterUnicode9, end, cp,
                                    [](char32_t c, const unicode_scripts_detail::CodePointRange& r) { return c < r.first; });
  return it != kAssignedAfterUnicode9 && cp <= (it - 1)->last;
}

// Script of cp in Unicode 9.0's Scripts.txt, or kAnyScript where it had none.
int unicode_9_script(char32_t cp, const ScriptIds& ids) {
  // The characters of 9.0 whose script has changed since: ARMENIAN FULL STOP and ARABIC LETTER
  // MARK were Common, DEVANAGARI GRAVE and ACUTE ACCENT were Devanagari.
  if (cp == 0x0589 || cp == 0x061C) return static_cast<int>(ids.common);
  if (cp == 0x0953 || cp == 0x0954) return static_cast<int>(ids.devanagari);
  if (assigned_after_unicode_9(cp)) return kAnyScript;
  const unicode::Script script = unicode::script(cp);
  return script == unicode::Script::Unknown ? kAnyScript : static_cast<int>(script);
}

int fixed_script(char32_t cp) {
  static const ScriptIds ids;
  if (cp == 0x30FC) return static_cast<int>(ids.han);  // KATAKANA-HIRAGANA PROLONGED SOUND MARK
  if (cp == ' ') return kAnyScript;
  const int script = unicode_9_script(cp, ids);
  if (script == static_cast<int>(ids.hiragana) || script == static_cast<int>(ids.katakana)) {
    return static_cast<int>(ids.han);
  }
  return script;
}

}  // namespace

void UnicodeScripts::split(Normalized& s, std::vector<Span>& pieces) const {
  const std::string_view text = s.text;
  std::vector<Span> out;
  out.reserve(pieces.size() * 2);
  for (const Span& piece : pieces) {
    // Cuts go before each character whose script differs from the last one seen; the piece
    // runs from the first cut, not from its start (HuggingFace's windows over the cut list).
    int last_script = kAnyScript;
    bool have_cut = false;
    uint32_t cut = 0;
    const std::string_view bounded = text.substr(0, piece.end);
    size_t i = piece.start;
    while (i < piece.end) {
      const uint32_t at = static_cast<uint32_t>(i);
      const int script = fixed_script(utf8::decode(bounded, i));
      if (script == kAnyScript) continue;
      if (script != last_script) {
        if (have_cut && cut < at) out.push_back({cut, at});
        cut = at;
        have_cut = true;
      }
      last_script = script;
    }
    if (have_cut && cut < piece.end) out.push_back({cut, piece.end});
  }
  pieces = std::move(out);
}

}  // namespace tokvec
