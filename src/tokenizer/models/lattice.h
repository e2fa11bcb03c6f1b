// Lattice: every way to cut one piece of text into vocabulary pieces, for the Unigram models'
// n-best and sampling (subword regularization). Follows google/sentencepiece src/unigram_model.cc
// (Lattice::Viterbi, Lattice::NBest without sampling, Lattice::Sample, and
// SentencePieceProcessor::SampleEncode's choice among the n best); HuggingFace's
// models/unigram/lattice.rs is the same algorithm in f64.
//
// Nodes are tokens (start, end, id, score) over byte positions of the text; node 0 is BOS (ends at
// 0) and node 1 is EOS (starts at the text's end). The models insert nodes in order of start, then
// as their trie finds them (shorter first, the unknown node last), which is also SentencePiece's
// order: its Viterbi and A* visit a position's incoming nodes in insertion order, and ties go to
// the first one.
//
// Score is float for SentencePiece .model files (whose scores and sums are float there) and
// double for tokenizer.json's Unigram (f64 in HuggingFace), so equal-scoring paths tie exactly as
// in each reference.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "tokenizer/stages.h"

namespace tokvec {

template <typename Score>
class Lattice {
 public:
  struct Node {
    uint32_t start, end, id;
    Score score;
  };
  struct Path {
    std::vector<uint32_t> nodes;  // indices into node(), first token first; BOS and EOS left out
    Score score;
  };
  static constexpr uint32_t kBos = 0, kEos = 1;

  // Starts a lattice over `length` bytes.
  void reset(uint32_t length) {
    length_ = length;
    nodes_.clear();
    nodes_.push_back({0, 0, 0, Score(0)});
    nodes_.push_back({length, length, 0, Score(0)});
    indexed_ = false;
  }
  // Call in order of start (see the header).
  void insert(uint32_t start, uint32_t end, uint32_t id, Score score) {
    nodes_.push_back({start, end, id, score});
    indexed_ = false;
  }
  const Node& node(uint32_t i) const { return nodes_[i]; }

  // The best path (SentencePiece's Lattice::Viterbi): for each node, the best-scoring incoming
  // node wins, the first in insertion order among equals.
  Path viterbi() {
    fill_backtrace();
    Path path{{}, backtrace_[kEos]};
    for (uint32_t n = prev_[kEos]; n != kBos; n = prev_[n]) path.nodes.push_back(n);
    std::reverse(path.nodes.begin(), path.nodes.end());
    return path;
  }

  // The n best paths, best first (SentencePiece's Lattice::NBest, sample = false): A* from EOS
  // towards BOS with the exact Viterbi score as the heuristic. n == 1 is viterbi().
  std::vector<Path> nbest(size_t n);

  // One path drawn with probability exp(inv_theta · score(path)) / Z, by forward filtering and
  // backward sampling (SentencePiece's Lattice::Sample), in double whatever Score is.
  std::vector<uint32_t> sample(double inv_theta, SplitMix64& rng);

 private:
  // ends_[end_first_[p] .. end_first_[p + 1]): the nodes ending at byte p, in insertion order.
  void index_ends();
  void fill_backtrace();

  uint32_t length_ = 0;
  std::vector<Node> nodes_;
  bool indexed_ = false;
  std::vector<uint32_t> end_first_, ends_;
  std::vector<Score> backtrace_;  // best score from BOS through the node, its own score included
  std::vector<uint32_t> prev_;
};

// Index of the weight drawn from `weights` (non-negative, not all zero) with probability
// proportional to it: the first whose running sum exceeds u · total.
inline size_t draw_index(const std::vector<double>& weights, SplitMix64& rng) {
  double total = 0;
  for (const double w : weights) total += w;
  const double u = rng.next_double() * total;
  double sum = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    sum += weights[i];
    if (u < sum) return i;
  }
  // u · total rounded up to the total: the last positive weight.
  size_t last = weights.size() - 1;
  while (last > 0 && weights[last] == 0) --last;
  return last;
}

// SentencePieceProcessor::SampleEncode with nbest_size > 1: appends one of model's n best
// segmentations of text, drawn with probability ∝ exp(alpha · score). Scores are taken less the
// best one, so exp cannot overflow.
inline void sample_nbest(const Model& model, std::string_view text, size_t n, double alpha, SplitMix64& rng,
                         std::vector<Token>& out) {
  std::vector<ScoredTokens> best;
  model.tokenize_nbest(text, n, best);
  double top = best.front().score;
  for (const auto& b : best) top = std::max(top, b.score);
  std::vector<double> weights;
  for (const auto& b : best) weights.push_back(std::exp(alpha * (b.score - top)));
  const auto& chosen = best[draw_index(weights, rng)].tokens;
  out.insert(out.end(), chosen.begin(), chosen.end());
}

template <typename Score>
void Lattice<Score>::index_ends() {
  if (indexed_) return;
  end_first_.assign(length_ + 2, 0);
  for (const Node& n : nodes_) {
    if (&n != &nodes_[kEos]) ++end_first_[n.end + 1];
  }
  for (uint32_t p = 0; p <= length_; ++p) end_first_[p + 1] += end_first_[p];
  ends_.resize(nodes_.size() - 1);
  std::vector<uint32_t> fill(end_first_.begin(), end_first_.end() - 1);
  for (uint32_t i = 0; i < nodes_.size(); ++i) {
    if (i != kEos) ends_[fill[nodes_[i].end]++] = i;
  }
  indexed_ = true;
}

template <typename Score>
void Lattice<Score>::fill_backtrace() {
  index_ends();
  backtrace_.assign(nodes_.size(), Score(0));
  prev_.assign(nodes_.size(), kBos);
  // Nodes are in order of start and EOS starts last, so each node's predecessors are done.
  const auto relax = [&](uint32_t r) {
    const uint32_t pos = nodes_[r].start;
    bool found = false;
    Score best = 0;
    for (uint32_t k = end_first_[pos]; k < end_first_[pos + 1]; ++k) {
      const uint32_t l = ends_[k];
      const Score score = backtrace_[l] + nodes_[r].score;
      if (!found || score > best) {
        found = true;
        best = score;
        prev_[r] = l;
      }
    }
    backtrace_[r] = best;
  };
  for (uint32_t r = 2; r < nodes_.size(); ++r) relax(r);
  relax(kEos);
}

template <typename Score>
std::vector<typename Lattice<Score>::Path> Lattice<Score>::nbest(size_t n) {
  if (n == 0) return {};
  if (n == 1) return {viterbi()};
  fill_backtrace();
  // A partial path from EOS leftwards: its leftmost node, the hypothesis to its right, g = the
  // scores from EOS to that node, f = g + the best score from BOS up to it.
  struct Hypothesis {
    uint32_t node, next;
    Score fx, gx;
  };
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<Hypothesis> hyps;
  std::vector<uint32_t> agenda;
  // SentencePiece keeps its agenda in a std::priority_queue ordered by fx, built with libstdc++,
  // so which of two equal-fx hypotheses pops first is libstdc++'s push_heap/pop_heap's doing.
  // Written out here with the same sift rules, so the order is the same on every compiler.
  const auto less = [&](uint32_t a, uint32_t b) { return hyps[a].fx < hyps[b].fx; };
  const auto sift_up = [&](std::vector<uint32_t>& heap, size_t hole, uint32_t value) {
    while (hole > 0) {
      const size_t parent = (hole - 1) / 2;
      if (!less(heap[parent], value)) break;
      heap[hole] = heap[parent];
      hole = parent;
    }
    heap[hole] = value;
  };
  const auto push = [&](std::vector<uint32_t>& heap, uint32_t value) {
    heap.push_back(value);
    sift_up(heap, heap.size() - 1, value);
  };
  const auto pop = [&](std::vector<uint32_t>& heap) {
    const uint32_t top = heap.front();
    const uint32_t value = heap.back();
    heap.pop_back();
    const size_t len = heap.size();
    if (len > 0) {
      // The hole goes down to a leaf along the larger children (the right one unless the left
      // is strictly larger), then the last element rises from there.
      size_t hole = 0, child = 0;
      while (len > 1 && child < (len - 1) / 2) {
        child = 2 * (child + 1);
        if (less(heap[child], heap[child - 1])) --child;
        heap[hole] = heap[child];
        hole = child;
      }
      if ((len & 1) == 0 && child == (len - 2) / 2) {
        child = 2 * (child + 1);
        heap[hole] = heap[child - 1];
        hole = child - 1;
      }
      sift_up(heap, hole, value);
    }
    return top;
  };

  hyps.push_back({kEos, kNone, backtrace_[kEos], Score(0)});
  push(agenda, 0);
  std::vector<Path> results;
  // SentencePiece's bounds on the agenda: past kMaxAgenda hypotheses only the best
  // min(kMinAgenda, 10 n) are kept (exactness is traded for memory on long texts).
  constexpr size_t kMaxAgenda = 10000, kMinAgenda = 512;
  while (!agenda.empty()) {
    const uint32_t top = pop(agenda);
    const Hypothesis h = hyps[top];
    if (h.node == kBos) {
      Path path{{}, h.fx};
      for (uint32_t k = h.next; hyps[k].next != kNone; k = hyps[k].next) path.nodes.push_back(hyps[k].node);
      results.push_back(std::move(path));
      if (results.size() == n) break;
      continue;
    }
    const uint32_t pos = nodes_[h.node].start;
    for (uint32_t k = end_first_[pos]; k < end_first_[pos + 1]; ++k) {
      const uint32_t l = ends_[k];
      hyps.push_back({l, top, backtrace_[l] + h.gx, nodes_[l].score + h.gx});
      push(agenda, static_cast<uint32_t>(hyps.size() - 1));
    }
    if (agenda.size() >= kMaxAgenda) {
      std::vector<uint32_t> kept;
      const size_t keep = std::min(kMinAgenda, n * 10);
      for (size_t i = 0; i < keep; ++i) push(kept, pop(agenda));
      agenda = std::move(kept);
      // Copy the hypotheses still reachable, so memory stays bounded on long texts.
      std::vector<uint32_t> moved(hyps.size(), kNone);
      std::vector<Hypothesis> live;
      live.reserve(hyps.size());  // no reallocation: `link` points into it
      for (uint32_t& slot : agenda) {
        uint32_t* link = &slot;
        while (*link != kNone) {
          if (moved[*link] != kNone) {
            *link = moved[*link];
            break;
          }
          const uint32_t old = *link;
          moved[old] = static_cast<uint32_t>(live.size());
          live.push_back(hyps[old]);
          *link = moved[old];
          link = &live.back().next;
        }
      }
      hyps = std::move(live);
    }
  }
  return results;
}

template <typename Score>
std::vector<uint32_t> Lattice<Score>::sample(double inv_theta, SplitMix64& rng) {
  index_ends();
  // forward[p]: log of the summed exp(inv_theta · score) of every path from BOS to byte p.
  const double kUnreached = -std::numeric_limits<double>::infinity();
  std::vector<double> forward(length_ + 1, kUnreached);
  forward[0] = 0;
  const auto weight = [&](uint32_t l) {
    return l == kBos ? 0.0 : forward[nodes_[l].start] + inv_theta * static_cast<double>(nodes_[l].score);
  };
  for (uint32_t p = 1; p <= length_; ++p) {
    double high = kUnreached;
    for (uint32_t k = end_first_[p]; k < end_first_[p + 1]; ++k) high = std::max(high, weight(ends_[k]));
    if (high == kUnreached) continue;
    double sum = 0;
    for (uint32_t k = end_first_[p]; k < end_first_[p + 1]; ++k) sum += std::exp(weight(ends_[k]) - high);
    forward[p] = high + std::log(sum);
  }
  std::vector<uint32_t> path;
  std::vector<double> weights;
  for (uint32_t pos = length_; pos > 0;) {
    weights.clear();
    for (uint32_t k = end_first_[pos]; k < end_first_[pos + 1]; ++k) {
      weights.push_back(std::exp(weight(ends_[k]) - forward[pos]));
    }
    const uint32_t l = ends_[end_first_[pos] + draw_index(weights, rng)];
    path.push_back(l);
    pos = nodes_[l].start;
  }
  std::reverse(path.begin(), path.end());
  return path;
}

}  // namespace tokvec
