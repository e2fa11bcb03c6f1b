// make_normalizer: builds the normalizer a tokenizer.json "normalizer" object describes, switching
// on its "type" as HuggingFace's NormalizerWrapper does.
#pragma once

#include <memory>

#include "core/json.h"
#include "tokenizer/stages.h"

namespace tokvec {

// Throws tokvec::Error naming the JSON path: kUnsupported for a type tokvec does not implement,
// kParse for a missing or mistyped field or a malformed Precompiled charsmap.
std::unique_ptr<Normalizer> make_normalizer(const JsonView& j);

}  // namespace tokvec
