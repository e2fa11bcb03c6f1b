// Process-wide resource caps (see limits.h).
#include "core/limits.h"

#include <atomic>

#include "core/error.h"

namespace tokvec {

namespace {

// Atomics so a worker thread encoding while another sets limits reads whole values; the three
// need not change together.
std::atomic<uint64_t> max_input_bytes{Limits{}.max_input_bytes};
std::atomic<uint64_t> max_vocab_size{Limits{}.max_vocab_size};
std::atomic<uint64_t> max_matrix_bytes{Limits{}.max_matrix_bytes};

}  // namespace

Limits limits() {
  return {max_input_bytes.load(std::memory_order_relaxed), max_vocab_size.load(std::memory_order_relaxed),
          max_matrix_bytes.load(std::memory_order_relaxed)};
}

void set_limits(const Limits& l) {
  auto positive = [](uint64_t value, const char* name) {
    if (value == 0) throw Error(ErrorCode::kInvalidArgument, std::string("setLimits: ") + name + " must be at least 1");
  };
  positive(l.max_input_bytes, "maxInputBytes");
  positive(l.max_vocab_size, "maxVocabSize");
  positive(l.max_matrix_bytes, "maxMatrixBytes");
  max_input_bytes.store(l.max_input_bytes, std::memory_order_relaxed);
  max_vocab_size.store(l.max_vocab_size, std::memory_order_relaxed);
  max_matrix_bytes.store(l.max_matrix_bytes, std::memory_order_relaxed);
}

void check_limit(const std::string& where, const char* what, uint64_t value, uint64_t limit, const char* limit_name) {
  if (value <= limit) return;
  throw_error(ErrorCode::kLimit, {where, ": ", what, " is ", value, ", more than ", limit_name, " (", limit, "); raise it with setLimits"});
}

}  // namespace tokvec
