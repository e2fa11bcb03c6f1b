// RankQueue: the priority queue of BPE's merge loop for long pieces (Bpe::merge_queue). It holds
// (rank, position) entries and pops the lowest rank first, the lower position on ties: the order of
// HuggingFace's merge_all heap (tokenizers models/bpe/word.rs: Merge ordered by rank, then pos) and
// of tiktoken's `_byte_pair_merge` (the leftmost minimum).
//
// It is a bucket queue over ranks. In a vocabulary learned by BPE training, a pair that a merge of
// rank r creates almost always has a rank above r, so the ranks popped never go down and one pass
// over the buckets in rank order pops everything: O(1) amortised per entry, where a binary heap
// costs O(log n) cache misses. Any push order is still popped exactly in order: an entry at or
// below the bucket being popped goes to a small binary heap instead (see the notes in the .cc).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tokvec {

class RankQueue {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  // Empties the queue and readies it for ranks below `rank_bound` (at most 2^30).
  void reset(uint32_t rank_bound);
  void push(uint32_t rank, uint32_t position);
  // Removes the lowest entry (lowest rank, then lowest position) into rank and position; false
  // when the queue is empty.
  bool pop(uint32_t& rank, uint32_t& position);

 private:
  // A bucket's entries live in a chain of chunks, a cache line each, in the order pushed.
  static constexpr uint32_t kChunkPositions = 14;
  struct Chunk {
    uint32_t next;
    uint32_t count;
    uint32_t positions[kChunkPositions];
  };
  struct Bucket {
    uint32_t first;
    uint32_t last;
  };

  uint32_t new_chunk();
  // The bitmap of nonempty buckets, with a summary level per 64 words, so that the next nonempty
  // bucket is found in a few word reads however far away it is.
  void mark(uint32_t rank);
  void unmark(uint32_t rank);
  uint32_t next_marked(uint32_t from) const;
  // Moves bucket `rank` into batch_, in position order.
  void open(uint32_t rank);

  // By rank; an entry is meaningful only while the rank's bit is set in levels_[0].
  std::vector<Bucket> buckets_;
  // levels_[0] has bit r set while bucket r holds entries; bit w of levels_[k + 1] is set while
  // word w of levels_[k] is nonzero. The last level is one word.
  std::vector<std::vector<uint64_t>> levels_;
  // Set when a run ended without popping everything, so the bitmap may have stray bits.
  bool dirty_ = false;
  std::vector<Chunk> chunks_;
  uint32_t free_chunk_ = kNone;
  // The open bucket: rank current_'s positions, sorted, popped from batch_[batch_at_] on.
  uint32_t current_ = 0;
  std::vector<uint32_t> batch_;
  size_t batch_at_ = 0;
  // Entries of rank below floor_ (= current_ + 1 once a bucket is open) go to late_, a binary
  // min-heap of rank << 32 | position.
  uint32_t floor_ = 0;
  std::vector<uint64_t> late_;
};

}  // namespace tokvec
