// Embind glue for word2vec training: Word2VecTrainer behind Word2VecHandle (see guarded.h for how
// arguments and errors cross). The wrapper feeds sentences in batches, calls train_some in slices
// between which it reports progress and checks for cancellation, then builds an EmbeddingsHandle
// straight from vectors() and words() in wasm memory.
#include <emscripten/bind.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "bindings/guarded.h"
#include "training/word2vec.h"

using namespace emscripten;

namespace {

using tokvec::binding::guarded;

class Word2VecHandle {
 public:
  explicit Word2VecHandle(const tokvec::Word2VecOptions& o) : trainer_(o) {}

  // `count` texts, one UTF-8 buffer and each one's byte length; each text is one sentence.
  void add_texts(uintptr_t bytes, uintptr_t lengths, uint32_t count) {
    guarded([&] {
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      const char* p = reinterpret_cast<const char*>(bytes);
      for (uint32_t i = 0; i < count; ++i) {
        trainer_.add_text(std::string_view(p, len[i]));
        p += len[i];
      }
    });
  }

  // Sentences as tokens: all tokens in one buffer with their byte lengths, and how many tokens
  // each of `sentences` sentences has.
  void add_tokens(uintptr_t bytes, uintptr_t lengths, uintptr_t sentence_lengths, uint32_t sentences) {
    guarded([&] {
      const auto* len = reinterpret_cast<const uint32_t*>(lengths);
      const auto* per_sentence = reinterpret_cast<const uint32_t*>(sentence_lengths);
      const char* p = reinterpret_cast<const char*>(bytes);
      std::vector<std::string_view> tokens;
      for (uint32_t s = 0; s < sentences; ++s) {
        tokens.clear();
        for (uint32_t i = 0; i < per_sentence[s]; ++i) {
          tokens.emplace_back(p, *len);
          p += *len++;
        }
        trainer_.add_tokens(tokens);
      }
    });
  }

  void build_vocab() {
    guarded([&] { trainer_.build_vocab(); });
  }

  // Trains on about `words` more tokens; the progress is then read with the getters below.
  bool train_some(double words) {
    return guarded([&] {
      progress_ = trainer_.train_some(static_cast<uint64_t>(words));
      return progress_.done;
    });
  }

  uint32_t epoch() const { return progress_.epoch; }
  double words_processed() const { return static_cast<double>(progress_.words_processed); }
  double words_total() const { return static_cast<double>(trainer_.progress().words_total); }
  double loss() const { return progress_.loss; }
  uint32_t rows() const { return static_cast<uint32_t>(trainer_.words().size()); }
  uint32_t dim() const { return trainer_.dim(); }
  uintptr_t vectors() const { return reinterpret_cast<uintptr_t>(trainer_.vectors().data()); }

  // The vocabulary in row order into strings()/lengths(); returns the bytes.
  uint32_t words() {
    strings_.clear();
    lengths_.clear();
    for (const auto& w : trainer_.words()) {
      strings_ += w;
      lengths_.push_back(static_cast<uint32_t>(w.size()));
    }
    return static_cast<uint32_t>(strings_.size());
  }
  uintptr_t strings() const { return reinterpret_cast<uintptr_t>(strings_.data()); }
  uintptr_t lengths() const { return reinterpret_cast<uintptr_t>(lengths_.data()); }

 private:
  tokvec::Word2VecTrainer trainer_;
  tokvec::Word2VecProgress progress_;
  std::string strings_;
  std::vector<uint32_t> lengths_;
};

// seed: a double holding a whole number below 2⁵³; model 0 = skip-gram, 1 = CBOW.
Word2VecHandle* make_word2vec_trainer(uint32_t dim, uint32_t window, uint32_t negative, uint32_t min_count,
                                      uint32_t epochs, double sample, double lr, double seed, uint32_t model) {
  return guarded([&] {
    tokvec::Word2VecOptions o;
    o.dim = dim;
    o.window = window;
    o.negative = negative;
    o.min_count = min_count;
    o.epochs = epochs;
    o.sample = sample;
    o.lr = lr;
    o.seed = static_cast<uint64_t>(seed);
    o.model = model == 1 ? tokvec::Word2VecModel::kCbow : tokvec::Word2VecModel::kSkipGram;
    return new Word2VecHandle(o);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(tokvec_word2vec) {
  class_<Word2VecHandle>("Word2VecHandle")
      .function("addTexts", &Word2VecHandle::add_texts)
      .function("addTokens", &Word2VecHandle::add_tokens)
      .function("buildVocab", &Word2VecHandle::build_vocab)
      .function("trainSome", &Word2VecHandle::train_some)
      .function("epoch", &Word2VecHandle::epoch)
      .function("wordsProcessed", &Word2VecHandle::words_processed)
      .function("wordsTotal", &Word2VecHandle::words_total)
      .function("loss", &Word2VecHandle::loss)
      .function("rows", &Word2VecHandle::rows)
      .function("dim", &Word2VecHandle::dim)
      .function("vectors", &Word2VecHandle::vectors)
      .function("words", &Word2VecHandle::words)
      .function("strings", &Word2VecHandle::strings)
      .function("lengths", &Word2VecHandle::lengths);
  function("makeWord2VecTrainer", &make_word2vec_trainer, allow_raw_pointers());
}
