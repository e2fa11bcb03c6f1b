#include "tokenizer/models/rank_queue.h"

#include <algorithm>
#include <functional>

namespace tokvec {

void RankQueue::reset(uint32_t rank_bound) {
  if (dirty_) {
    for (std::vector<uint64_t>& words : levels_) std::fill(words.begin(), words.end(), 0);
  }
  if (levels_.empty() || rank_bound > buckets_.size()) {
    buckets_.resize(rank_bound);
    levels_.clear();
    size_t words = rank_bound;
    do {
      words = std::max<size_t>(1, (words + 63) / 64);
      levels_.emplace_back(words, 0);
    } while (words > 1);
  }
  dirty_ = true;
  chunks_.clear();
  free_chunk_ = kNone;
  current_ = 0;
  floor_ = 0;
  batch_.clear();
  batch_at_ = 0;
  late_.clear();
}

uint32_t RankQueue::new_chunk() {
  uint32_t c = free_chunk_;
  if (c != kNone) {
    free_chunk_ = chunks_[c].next;
  } else {
    c = static_cast<uint32_t>(chunks_.size());
    chunks_.emplace_back();
  }
  chunks_[c].next = kNone;
  chunks_[c].count = 0;
  return c;
}

void RankQueue::mark(uint32_t rank) {
  uint64_t x = rank;
  for (std::vector<uint64_t>& words : levels_) {
    uint64_t& word = words[x >> 6];
    const bool was_empty = word == 0;
    word |= uint64_t{1} << (x & 63);
    if (!was_empty) return;
    x >>= 6;
  }
}

void RankQueue::unmark(uint32_t rank) {
  uint64_t x = rank;
  for (std::vector<uint64_t>& words : levels_) {
    uint64_t& word = words[x >> 6];
    word &= ~(uint64_t{1} << (x & 63));
    if (word != 0) return;
    x >>= 6;
  }
}

uint32_t RankQueue::next_marked(uint32_t from) const {
  // Up the levels until a word has a bit at or after the position, then down to the lowest bit.
  uint64_t x = from;
  size_t level = 0;
  for (;;) {
    const std::vector<uint64_t>& words = levels_[level];
    const uint64_t w = x >> 6;
    if (w >= words.size()) return kNone;
    const uint64_t bits = words[w] & (~uint64_t{0} << (x & 63));
    if (bits != 0) {
      x = (w << 6) | static_cast<uint64_t>(__builtin_ctzll(bits));
      break;
    }
    if (level + 1 == levels_.size()) return kNone;
    x = w + 1;
    ++level;
  }
  while (level > 0) {
    --level;
    x = (x << 6) | static_cast<uint64_t>(__builtin_ctzll(levels_[level][x]));
  }
  return static_cast<uint32_t>(x);
}

void RankQueue::push(uint32_t rank, uint32_t position) {
  if (rank < floor_) {
    late_.push_back(uint64_t{rank} << 32 | position);
    std::push_heap(late_.begin(), late_.end(), std::greater<>());
    return;
  }
  Bucket& bucket = buckets_[rank];
  if ((levels_[0][rank >> 6] >> (rank & 63) & 1) == 0) {
    mark(rank);
    const uint32_t c = new_chunk();
    bucket = {c, c};
  } else if (chunks_[bucket.last].count == kChunkPositions) {
    const uint32_t c = new_chunk();
    chunks_[bucket.last].next = c;
    bucket.last = c;
  }
  Chunk& chunk = chunks_[bucket.last];
  chunk.positions[chunk.count++] = position;
}

void RankQueue::open(uint32_t rank) {
  unmark(rank);
  batch_.clear();
  batch_at_ = 0;
  for (uint32_t c = buckets_[rank].first; c != kNone;) {
    Chunk& chunk = chunks_[c];
    batch_.insert(batch_.end(), chunk.positions, chunk.positions + chunk.count);
    const uint32_t next = chunk.next;
    chunk.next = free_chunk_;
    free_chunk_ = c;
    c = next;
  }
  if (!std::is_sorted(batch_.begin(), batch_.end())) std::sort(batch_.begin(), batch_.end());
  current_ = rank;
  floor_ = rank + 1;
}

bool RankQueue::pop(uint32_t& rank, uint32_t& position) {
  for (;;) {
    if (batch_at_ < batch_.size()) {
      const uint64_t key = uint64_t{current_} << 32 | batch_[batch_at_];
      if (!late_.empty() && late_.front() < key) break;
      rank = current_;
      position = batch_[batch_at_++];
      return true;
    }
    if (!late_.empty()) break;
    const uint32_t next = next_marked(floor_);
    if (next == kNone) {
      dirty_ = false;
      return false;
    }
    open(next);
  }
  std::pop_heap(late_.begin(), late_.end(), std::greater<>());
  const uint64_t key = late_.back();
  late_.pop_back();
  rank = static_cast<uint32_t>(key >> 32);
  position = static_cast<uint32_t>(key);
  return true;
}

}  // namespace tokvec

// Design notes
//
// Why buckets pop in order. Entries go to the bucket of their rank while that rank is above every
// rank popped so far (rank ≥ floor_); a bucket is opened, sorted by position and popped only when
// no lower rank is pending, and nothing enters it after that. An entry at or below the open rank
// (a merge created a pair ranked no higher than itself: possible in a hand-made vocabulary, or when
// tiktoken joins two tokens that training joined from other parts) goes to late_, a binary heap,
// and pop takes whichever of late_'s top and the open bucket's next entry is lower. So the queue
// is an exact priority queue for any push order; only its speed depends on pushes rising.
//
// Why the buckets are usually sorted already. The merge loop pushes, for each merge at position p,
// the pair at prev(p) and then the pair at p. Merges of one rank are popped in position order, and
// prev(p') ≥ p for a later p', so the pushes made while popping one rank rise; a bucket fed by the
// merges of a single lower rank (a run of one repeated character) needs no sort, and one fed by a
// few is a few rising runs. std::sort is there for the rest.
//
// Memory. Per rank a Bucket (8 bytes) and a bit, sized once per thread for the largest vocabulary
// seen (1.6 MB for o200k_base) and never cleared: a bucket's fields are read only while its bit is
// set, and a run that pops everything leaves every bit clear (dirty_ covers a run cut short). A
// bucket's positions sit 14 to a 64-byte chunk, appended in order, so filling and draining one is
// sequential; drained chunks are reused.
