// Embind glue for TokenizerTrainer (see guarded.h for how arguments and errors cross). The JS
// wrapper drives it in slices — feed a batch of texts, then step a few hundred merges — and yields
// to the event loop between calls, which is where progress is reported and cancellation is seen.
#include <emscripten/bind.h>

#include <cstdint>
#include <memory>
#include <string>

#include "bindings/guarded.h"
#include "training/tokenizer_trainer.h"

using namespace emscripten;

namespace {

using tokvec::binding::guarded;
using tokvec::binding::view;

class TrainerHandle {
 public:
  explicit TrainerHandle(std::unique_ptr<tokvec::TokenizerTrainer> trainer) : trainer_(std::move(trainer)) {}

  // Texts as one UTF-8 buffer and their byte lengths.
  void feed(uintptr_t bytes, uintptr_t lengths, uint32_t count) {
    guarded([&] {
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      uintptr_t p = bytes;
      for (uint32_t i = 0; i < count; ++i) {
        trainer_->feed(view(p, len[i]));
        p += len[i];
      }
    });
  }

  bool step(uint32_t max_merges) {
    return guarded([&] { return trainer_->step(max_merges); });
  }

  uint32_t merges() const { return static_cast<uint32_t>(trainer_->merges_done()); }
  uint32_t vocab_size() const { return static_cast<uint32_t>(trainer_->vocab_size()); }
  double fraction() const { return trainer_->fraction(); }

  // The tokenizer.json text; the wrapper builds the Tokenizer from it with fromJSON.
  std::string to_json() const {
    return guarded([&] { return trainer_->to_json(); });
  }

 private:
  std::unique_ptr<tokvec::TokenizerTrainer> trainer_;
};

TrainerHandle* create_trainer(uintptr_t options, uint32_t options_len) {
  return guarded([&] {
    return new TrainerHandle(std::make_unique<tokvec::TokenizerTrainer>(view(options, options_len)));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec_training) {
  class_<TrainerHandle>("TrainerHandle")
      .function("feed", &TrainerHandle::feed)
      .function("step", &TrainerHandle::step)
      .function("merges", &TrainerHandle::merges)
      .function("vocabSize", &TrainerHandle::vocab_size)
      .function("fraction", &TrainerHandle::fraction)
      .function("toJSON", &TrainerHandle::to_json);
  function("createTrainer", &create_trainer, allow_raw_pointers());
}
