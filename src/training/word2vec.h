// Word2VecTrainer: word2vec embeddings by skip-gram or CBOW with negative sampling, trained the
// way Mikolov's word2vec.c (github:tmikolov/word2vec) and fastText (facebookresearch/fastText,
// src/fasttext.cc, loss.cc, dictionary.cc; `fasttext skipgram -maxn 0`) train them, in one
// thread, resumable so a caller can report progress and cancel between slices.
//
// Use: add sentences (add_text, add_tokens), build_vocab(), then train_some(n) until it reports
// done, then words() / vectors() (or embeddings()).
//
// The algorithm, step by step:
//   * Vocabulary: every token seen at least min_count times, sorted by count, most frequent first
//     (equal counts: first seen first — a stable order, where both references leave ties to
//     qsort/std::sort). Tokens below min_count are dropped from the sentences before training, so
//     windows reach across them, as in both references.
//   * Sub-sampling (sample > 0): a token of relative frequency f = count / N (N = tokens kept by
//     min_count) is kept with probability √(sample/f) + sample/f — the formula of word2vec.c and
//     fastText (Dictionary::initTableDiscard), not the paper's 1 − √(t/f). Drawn once per token
//     per epoch, when its sentence starts.
//   * Window: for each centre word a window b drawn uniformly from 1 … window.
//   * Skip-gram: each (centre, context) pair in the window is one example: the centre's input
//     vector predicts the context word (fastText's order; word2vec.c predicts the centre from the
//     context, the same pairs). CBOW: the mean of the context words' input vectors predicts the
//     centre, and every context vector receives the whole gradient (word2vec.c with cbow_mean 1,
//     fastText cbow).
//   * Negative sampling: the true target with label 1 and `negative` words drawn from the
//     unigram distribution raised to 0.75 (word2vec.c; fastText uses 0.5) with label 0; a draw
//     equal to the target is skipped, as in word2vec.c. For each: g = lr (label − σ(in·out)),
//     grad += g out, out += g in; then in += grad.
//   * σ from a 512-entry table over [−8, 8], clamped to 0 and 1 outside (fastText's table;
//     word2vec.c's is 1000 entries over [−6, 6]). The loss reported is the mean over examples of
//     −log σ(in·out) − Σ log(1 − σ(in·neg)), from a log table, as fastText prints it.
//   * Learning rate: lr (1 − words processed / (epochs × N)), recomputed for every centre word,
//     falling linearly to 0 at the end of the last epoch.
//   * Initial vectors: input uniform in ±0.5/dim (word2vec.c), output zeros.
//
// Determinism: one random stream (a 64-bit LCG seeded through SplitMix64, its high bits used)
// draws, in a fixed order, the initial vectors, the sub-sampling, windows and negatives. The
// slice boundaries of train_some do not change the order, and float arithmetic in the kernels has
// one fixed summation tree, so the same seed gives bit-identical vectors however the work is
// sliced, and in every engine that runs the same wasm.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "embeddings/embedding_matrix.h"

namespace tokvec {

enum class Word2VecModel { kSkipGram, kCbow };

struct Word2VecOptions {
  uint32_t dim = 100;
  uint32_t window = 5;
  uint32_t negative = 5;
  uint32_t min_count = 5;
  uint32_t epochs = 5;
  double sample = 1e-3;  // 0 turns sub-sampling off
  double lr = 0;         // 0: word2vec.c's default, 0.025 for skip-gram and 0.05 for CBOW
  uint64_t seed = 1;
  Word2VecModel model = Word2VecModel::kSkipGram;
};

struct Word2VecProgress {
  uint32_t epoch = 0;            // the epoch under way, from 0; equals epochs once done
  uint64_t words_processed = 0;  // corpus tokens passed over in all epochs so far
  uint64_t words_total = 0;      // epochs × tokens in the vocabulary
  double loss = 0;               // mean loss per example in the current (or last) epoch
  bool done = false;
};

class Word2VecTrainer {
 public:
  // Throws (kInvalidArgument) naming the option that is out of range.
  explicit Word2VecTrainer(const Word2VecOptions& options);

  // One sentence of text, split into tokens at ASCII whitespace (space, \t, \n, \v, \f, \r, and
  // NUL, as fastText's readWord).
  void add_text(std::string_view sentence);
  // One sentence given as tokens, each used as it is (it may hold spaces).
  void add_tokens(const std::vector<std::string_view>& tokens);
  // Tokens added so far.
  uint64_t tokens_added() const { return tokens_added_; }

  // Chooses the vocabulary and sets up training. Throws when no token reaches min_count.
  void build_vocab();
  // Trains on at least `words` more corpus tokens (fewer at the very end), then stops where it
  // is; the next call resumes there.
  Word2VecProgress train_some(uint64_t words);
  Word2VecProgress progress() const;

  // The vocabulary in row order (most frequent first), each word's count, and the input vectors
  // (rows × dim).
  const std::vector<std::string>& words() const { return words_; }
  const std::vector<uint64_t>& counts() const { return counts_; }
  const std::vector<float>& vectors() const { return input_; }
  uint32_t dim() const { return options_.dim; }
  EmbeddingMatrix embeddings() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };

  uint64_t next_random();
  double uniform01() { return static_cast<double>(next_random() >> 11) * 0x1p-53; }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(((next_random() >> 32) * n) >> 32); }

  void intern(std::string_view token);
  void end_sentence();
  void start_sentence();
  void train_centre(size_t position, float lr);
  void train_pair(uint32_t input_row, uint32_t target, float lr);
  void train_cbow(size_t position, size_t lo, size_t hi, float lr);
  // The negative-sampling update of `hidden` towards `target`; adds the gradient into grad_.
  void update(const float* hidden, uint32_t target, float lr);
  float sigmoid(float x) const;
  float log_of(float x) const;

  Word2VecOptions options_;
  float lr0_ = 0;
  uint64_t random_ = 0;

  // Before build_vocab: provisional ids in order of first appearance.
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> provisional_;
  std::vector<std::string> seen_;
  std::vector<uint64_t> seen_counts_;
  uint64_t tokens_added_ = 0;
  bool built_ = false;

  // The corpus: token ids (provisional, then vocabulary rows), sentences as end offsets.
  std::vector<uint32_t> corpus_;
  std::vector<uint64_t> sentence_ends_;

  std::vector<std::string> words_;
  std::vector<uint64_t> counts_;
  std::vector<float> keep_;  // probability of keeping each word under sub-sampling
  std::vector<uint32_t> negative_table_;
  std::vector<float> input_, output_;
  std::vector<float> grad_, hidden_;
  std::vector<float> sigmoid_table_, log_table_;

  // Where training is.
  uint64_t corpus_tokens_ = 0;
  uint32_t epoch_ = 0;
  size_t sentence_ = 0;
  bool in_sentence_ = false;
  uint64_t sentence_start_words_ = 0;  // words_processed_ when the current sentence began
  std::vector<uint32_t> kept_;         // the current sentence after sub-sampling
  std::vector<uint32_t> kept_at_;      // each kept token's index in the sentence
  size_t position_ = 0;                // next index into kept_
  uint64_t words_processed_ = 0;
  double loss_sum_ = 0;
  uint64_t examples_ = 0;
};

}  // namespace tokvec
