// Word2VecTrainer (see word2vec.h for the algorithm and what it follows).
#include "training/word2vec.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>

#include "core/decimal.h"
#include "core/error.h"
#include "kernels/kernels.h"

namespace tokvec {
namespace {

constexpr int kSigmoidTableSize = 512;
constexpr float kMaxSigmoid = 8;
constexpr int kLogTableSize = 512;
// word2vec.c fills 10⁸ slots and fastText 10⁷; a thousand per word (at most 10⁷) keeps every
// word's share within one slot of exact without 40 MB of wasm memory for a small vocabulary.
constexpr uint64_t kNegativeSlotsPerWord = 1000;
constexpr uint64_t kMaxNegativeTable = 10'000'000;
// Input and output matrices together stay within 2 GB.
constexpr uint64_t kMaxValues = uint64_t{1} << 28;

[[noreturn]] void fail(const std::string& message) {
  throw Error(ErrorCode::kInvalidArgument, "word2vec: " + message);
}

// Built by appending: g++ 12 warns falsely (-Wrestrict) on "\"" + std::string(s) + "\"".
std::string quoted(std::string_view s) {
  std::string out(1, '"');
  out += s;
  out += '"';
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == '\0';
}

// y += a x. Written out (not a kernel): the compiler vectorizes it for wasm SIMD and for x86-64,
// and each element is one product and one sum, so every variant rounds the same way.
inline void axpy(float* __restrict y, float a, const float* __restrict x, size_t n) {
  for (size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

size_t Word2VecTrainer::Hash::operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }

Word2VecTrainer::Word2VecTrainer(const Word2VecOptions& options) : options_(options) {
  const auto count = [](const char* name, uint32_t value, uint32_t lo, uint32_t hi) {
    if (value < lo || value > hi) {
      fail(message({name, " must be from ", lo, " to ", hi, ", got ", value}));
    }
  };
  count("dim", options.dim, 1, static_cast<uint32_t>(EmbeddingMatrix::kMaxDim));
  count("window", options.window, 1, 10000);
  count("negative", options.negative, 1, 1000);
  count("epochs", options.epochs, 1, 100000);
  if (!(options.sample >= 0 && options.sample <= 1)) {
    fail("sample must be from 0 to 1, got " + decimal_text(options.sample));
  }
  if (!(options.lr >= 0 && options.lr <= 10)) fail("lr must be above 0 and at most 10, got " + decimal_text(options.lr));
  lr0_ = static_cast<float>(options.lr > 0 ? options.lr : options.model == Word2VecModel::kCbow ? 0.05 : 0.025);
  random_ = splitmix64(options.seed);
}

uint64_t Word2VecTrainer::next_random() {
  // Knuth's MMIX LCG; callers use only its high bits, whose period is long.
  random_ = random_ * 6364136223846793005ULL + 1442695040888963407ULL;
  return random_;
}

void Word2VecTrainer::intern(std::string_view token) {
  auto it = provisional_.find(token);
  uint32_t id;
  if (it == provisional_.end()) {
    if (seen_.size() == std::numeric_limits<uint32_t>::max()) {
      throw Error(ErrorCode::kLimit, "word2vec: more than 4294967295 distinct tokens");
    }
    id = static_cast<uint32_t>(seen_.size());
    seen_.emplace_back(token);
    seen_counts_.push_back(0);
    provisional_.emplace(seen_.back(), id);
  } else {
    id = it->second;
  }
  ++seen_counts_[id];
  corpus_.push_back(id);
  ++tokens_added_;
}

void Word2VecTrainer::end_sentence() { sentence_ends_.push_back(corpus_.size()); }

void Word2VecTrainer::add_text(std::string_view sentence) {
  if (built_) fail("sentences cannot be added after build_vocab");
  size_t i = 0;
  while (i < sentence.size()) {
    while (i < sentence.size() && is_space(sentence[i])) ++i;
    const size_t start = i;
    while (i < sentence.size() && !is_space(sentence[i])) ++i;
    if (i > start) intern(sentence.substr(start, i - start));
  }
  end_sentence();
}

void Word2VecTrainer::add_tokens(const std::vector<std::string_view>& tokens) {
  if (built_) fail("sentences cannot be added after build_vocab");
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].empty()) {
      fail(message({"sentence ", sentence_ends_.size(), ": token ", i, " is empty"}));
    }
  }
  for (const std::string_view token : tokens) intern(token);
  end_sentence();
}

void Word2VecTrainer::build_vocab() {
  if (built_) fail("build_vocab was already called");
  if (tokens_added_ == 0) fail("the sentences hold no tokens");
  const uint64_t min_count = std::max<uint32_t>(options_.min_count, 1);
  std::vector<uint32_t> order;
  for (uint32_t id = 0; id < seen_.size(); ++id) {
    if (seen_counts_[id] >= min_count) order.push_back(id);
  }
  if (order.empty()) {
    const auto top = std::max_element(seen_counts_.begin(), seen_counts_.end()) - seen_counts_.begin();
    fail(message({"no token occurs minCount (", min_count, ") times; the most frequent, ", quoted(seen_[top]),
                  ", occurs ", seen_counts_[top], " times in ", tokens_added_, " tokens: lower minCount"}));
  }
  if (static_cast<uint64_t>(order.size()) * options_.dim > kMaxValues) {
    throw_error(ErrorCode::kLimit, {"word2vec: ", order.size(), " words × dim ", options_.dim, " is more than ", kMaxValues,
                                    " values: raise minCount or lower dim"});
  }
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return seen_counts_[a] > seen_counts_[b]; });

  constexpr uint32_t kDropped = std::numeric_limits<uint32_t>::max();
  std::vector<uint32_t> row_of(seen_.size(), kDropped);
  words_.reserve(order.size());
  counts_.reserve(order.size());
  for (uint32_t row = 0; row < order.size(); ++row) {
    row_of[order[row]] = row;
    words_.push_back(std::move(seen_[order[row]]));
    counts_.push_back(seen_counts_[order[row]]);
  }
  // Rewrite the corpus in place as rows, dropping rare tokens.
  size_t out = 0, begin = 0;
  for (uint64_t& end : sentence_ends_) {
    for (size_t i = begin; i < end; ++i) {
      const uint32_t row = row_of[corpus_[i]];
      if (row != kDropped) corpus_[out++] = row;
    }
    begin = end;
    end = out;
  }
  corpus_.resize(out);
  corpus_.shrink_to_fit();
  corpus_tokens_ = out;
  provisional_ = {};
  seen_ = {};
  seen_counts_ = {};

  const size_t rows = words_.size(), dim = options_.dim;
  if (options_.sample > 0) {
    keep_.resize(rows);
    for (size_t r = 0; r < rows; ++r) {
      const double ratio = options_.sample / (static_cast<double>(counts_[r]) / static_cast<double>(corpus_tokens_));
      keep_[r] = static_cast<float>(std::sqrt(ratio) + ratio);
    }
  }

  // The unigram^0.75 table, filled as word2vec.c's InitUnigramTable walks the cumulative sum.
  const uint64_t slots = std::min<uint64_t>(kMaxNegativeTable, kNegativeSlotsPerWord * rows);
  negative_table_.resize(slots);
  double total_power = 0;
  for (const uint64_t c : counts_) total_power += std::pow(static_cast<double>(c), 0.75);
  size_t word = 0;
  double reach = std::pow(static_cast<double>(counts_[0]), 0.75) / total_power;
  for (uint64_t slot = 0; slot < slots; ++slot) {
    negative_table_[slot] = static_cast<uint32_t>(word);
    if (static_cast<double>(slot + 1) / static_cast<double>(slots) > reach && word + 1 < rows) {
      ++word;
      reach += std::pow(static_cast<double>(counts_[word]), 0.75) / total_power;
    }
  }

  input_.resize(rows * dim);
  for (float& v : input_) v = static_cast<float>((uniform01() - 0.5) / static_cast<double>(dim));
  output_.assign(rows * dim, 0.0f);
  grad_.resize(dim);
  hidden_.resize(dim);

  sigmoid_table_.resize(kSigmoidTableSize + 1);
  for (int i = 0; i <= kSigmoidTableSize; ++i) {
    const double x = static_cast<double>(i * 2) * kMaxSigmoid / kSigmoidTableSize - kMaxSigmoid;
    sigmoid_table_[i] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
  }
  log_table_.resize(kLogTableSize + 1);
  for (int i = 0; i <= kLogTableSize; ++i) {
    log_table_[i] = static_cast<float>(std::log((static_cast<double>(i) + 1e-5) / kLogTableSize));
  }
  built_ = true;
}

float Word2VecTrainer::sigmoid(float x) const {
  if (x < -kMaxSigmoid) return 0.0f;
  if (x > kMaxSigmoid) return 1.0f;
  return sigmoid_table_[static_cast<int>((x + kMaxSigmoid) * (kSigmoidTableSize / kMaxSigmoid / 2))];
}

float Word2VecTrainer::log_of(float x) const {
  if (x > 1.0f) return 0.0f;
  return log_table_[static_cast<int>(x * kLogTableSize)];
}

void Word2VecTrainer::update(const float* hidden, uint32_t target, float lr) {
  const size_t dim = options_.dim;
  for (uint32_t d = 0; d <= options_.negative; ++d) {
    uint32_t row = target;
    float label = 1.0f;
    if (d > 0) {
      row = negative_table_[below(static_cast<uint32_t>(negative_table_.size()))];
      if (row == target) continue;
      label = 0.0f;
    }
    float* out = &output_[row * dim];
    const float score = sigmoid(kernels::dot(hidden, out, dim));
    const float g = lr * (label - score);
    loss_sum_ -= d == 0 ? log_of(score) : log_of(1.0f - score);
    axpy(grad_.data(), g, out, dim);
    axpy(out, g, hidden, dim);
  }
}

void Word2VecTrainer::train_pair(uint32_t input_row, uint32_t target, float lr) {
  float* in = &input_[static_cast<size_t>(input_row) * options_.dim];
  std::fill(grad_.begin(), grad_.end(), 0.0f);
  update(in, target, lr);
  axpy(in, 1.0f, grad_.data(), options_.dim);
  ++examples_;
}

void Word2VecTrainer::train_cbow(size_t position, size_t lo, size_t hi, float lr) {
  const size_t dim = options_.dim;
  std::fill(hidden_.begin(), hidden_.end(), 0.0f);
  size_t context = 0;
  for (size_t c = lo; c < hi; ++c) {
    if (c == position) continue;
    axpy(hidden_.data(), 1.0f, &input_[kept_[c] * dim], dim);
    ++context;
  }
  if (context == 0) return;
  const float scale = 1.0f / static_cast<float>(context);
  for (float& v : hidden_) v *= scale;
  std::fill(grad_.begin(), grad_.end(), 0.0f);
  update(hidden_.data(), kept_[position], lr);
  for (size_t c = lo; c < hi; ++c) {
    if (c != position) axpy(&input_[kept_[c] * dim], 1.0f, grad_.data(), dim);
  }
  ++examples_;
}

void Word2VecTrainer::train_centre(size_t position, float lr) {
  const size_t reach = 1 + below(options_.window);
  const size_t lo = position >= reach ? position - reach : 0;
  const size_t hi = std::min(kept_.size(), position + reach + 1);
  if (options_.model == Word2VecModel::kCbow) {
    train_cbow(position, lo, hi, lr);
    return;
  }
  for (size_t c = lo; c < hi; ++c) {
    if (c != position) train_pair(kept_[position], kept_[c], lr);
  }
}

void Word2VecTrainer::start_sentence() {
  const size_t begin = sentence_ == 0 ? 0 : sentence_ends_[sentence_ - 1];
  const size_t end = sentence_ends_[sentence_];
  kept_.clear();
  kept_at_.clear();
  for (size_t i = begin; i < end; ++i) {
    const uint32_t row = corpus_[i];
    if (!keep_.empty() && keep_[row] < uniform01()) continue;
    kept_.push_back(row);
    kept_at_.push_back(static_cast<uint32_t>(i - begin));
  }
  position_ = 0;
  sentence_start_words_ = words_processed_;
  in_sentence_ = true;
}

Word2VecProgress Word2VecTrainer::train_some(uint64_t words) {
  if (!built_) fail("train_some before build_vocab");
  const double total = static_cast<double>(corpus_tokens_) * options_.epochs;
  const uint64_t stop = words_processed_ + std::min(words, std::numeric_limits<uint64_t>::max() - words_processed_);
  while (epoch_ < options_.epochs && words_processed_ < stop) {
    if (!in_sentence_) start_sentence();
    while (position_ < kept_.size() && words_processed_ < stop) {
      const uint64_t before = sentence_start_words_ + kept_at_[position_];
      const float lr = lr0_ * static_cast<float>(1.0 - static_cast<double>(before) / total);
      train_centre(position_, lr);
      words_processed_ = before + 1;
      ++position_;
    }
    if (position_ < kept_.size()) break;
    const size_t begin = sentence_ == 0 ? 0 : sentence_ends_[sentence_ - 1];
    words_processed_ = sentence_start_words_ + (sentence_ends_[sentence_] - begin);
    in_sentence_ = false;
    if (++sentence_ == sentence_ends_.size()) {
      sentence_ = 0;
      if (++epoch_ < options_.epochs) {
        loss_sum_ = 0;
        examples_ = 0;
      }
    }
  }
  return progress();
}

Word2VecProgress Word2VecTrainer::progress() const {
  Word2VecProgress p;
  p.epoch = epoch_;
  p.words_processed = words_processed_;
  p.words_total = corpus_tokens_ * options_.epochs;
  p.loss = examples_ ? loss_sum_ / static_cast<double>(examples_) : 0.0;
  p.done = built_ && epoch_ >= options_.epochs;
  return p;
}

EmbeddingMatrix Word2VecTrainer::embeddings() const {
  if (!built_) fail("embeddings before build_vocab");
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(words_.size(), options_.dim, input_);
  m.set_words(words_);
  return m;
}

}  // namespace tokvec
