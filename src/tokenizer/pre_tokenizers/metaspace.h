// Metaspace (tokenizer.json pre_tokenizer "Metaspace"; HuggingFace pre_tokenizers/metaspace.rs),
// the SentencePiece convention: every space becomes `replacement` (U+2581 "▁" in practice), a
// replacement is prepended to pieces that do not start with one (prepend_scheme "always", or
// "first" for the piece that starts the input only), and with `split` each piece is cut before
// every replacement character (MergedWithNext).
//
// The options are shared with the Metaspace decoder, which undoes the rewrite.
#pragma once

#include <string>

#include "core/json.h"
#include "tokenizer/stages.h"

namespace tokvec {

enum class PrependScheme { kFirst, kNever, kAlways };

struct MetaspaceOptions {
  char32_t replacement = U'\u2581';
  std::string replacement_utf8 = "\u2581";
  PrependScheme prepend_scheme = PrependScheme::kAlways;
  bool split = true;
};

// Reads "replacement" (one character, required), "prepend_scheme" ("first" | "never" | "always",
// default "always"), the older "add_prefix_space" (false requires prepend_scheme "never", as
// HuggingFace checks) and "split" (default true).
MetaspaceOptions parse_metaspace_options(const JsonView& j);

class Metaspace final : public PreTokenizer {
 public:
  explicit Metaspace(MetaspaceOptions options) : options_(std::move(options)) {}

  // A piece counts as the start of the input, for "first", when it is the whole Normalized and
  // that starts at source offset 0 (s.base), or else when its source span starts at 0.
  void split(Normalized& s, std::vector<Span>& pieces) const override;

  const MetaspaceOptions& options() const { return options_; }

 private:
  MetaspaceOptions options_;
};

}  // namespace tokvec
