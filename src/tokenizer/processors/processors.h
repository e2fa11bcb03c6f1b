// Post-processors (tokenizer.json "post_processor"): special tokens around the sequences, type
// ids, and ByteLevel's offset trimming. One header for all: each is a few lines.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "tokenizer/stages.h"

namespace tokvec {

// "ByteLevel": with trim_offsets, offsets leave out the spaces a token's string starts or ends
// with (except the one add_prefix_space put before the first token).
class ByteLevelProcessor final : public PostProcessor {
 public:
  ByteLevelProcessor(bool trim_offsets, bool add_prefix_space)
      : trim_offsets_(trim_offsets), add_prefix_space_(add_prefix_space) {}
  size_t added_tokens(bool) const override { return 0; }
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                         const IdToToken& id_to_token) const override;
  bool add_special_ids(std::vector<uint32_t>&) const override { return true; }

 private:
  bool trim_offsets_, add_prefix_space_;
};

// The offset trimming ByteLevel and RobertaProcessing share.
void trim_byte_level_offsets(Encoding& encoding, bool add_prefix_space, const IdToToken& id_to_token);

// "TemplateProcessing": `single` and `pair` templates of sequences ($A, $B) and special tokens.
class TemplateProcessing final : public PostProcessor {
 public:
  struct Piece {
    bool is_sequence;      // $A / $B, else a special token
    size_t sequence;       // 0 for A, 1 for B
    std::vector<uint32_t> ids;  // the special token's ids
    uint32_t type_id;
  };
  TemplateProcessing(std::vector<Piece> single, std::vector<Piece> pair)
      : single_(std::move(single)), pair_(std::move(pair)) {}
  static std::unique_ptr<TemplateProcessing> from_json(const JsonView& j);

  size_t added_tokens(bool is_pair) const override;
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                         const IdToToken& id_to_token) const override;
  bool add_special_ids(std::vector<uint32_t>& ids) const override;

 private:
  std::vector<Piece> single_, pair_;
};

// "RobertaProcessing": <s> A </s> and <s> A </s></s> B </s>, all type id 0, ByteLevel trimming.
// "BertProcessing": [CLS] A [SEP] and [CLS] A [SEP] B [SEP], B with type id 1.
class ClsSepProcessing final : public PostProcessor {
 public:
  enum class Style { kBert, kRoberta };
  ClsSepProcessing(Style style, uint32_t cls, uint32_t sep, bool trim_offsets, bool add_prefix_space)
      : style_(style), cls_(cls), sep_(sep), trim_offsets_(trim_offsets), add_prefix_space_(add_prefix_space) {}
  size_t added_tokens(bool is_pair) const override;
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                         const IdToToken& id_to_token) const override;
  bool add_special_ids(std::vector<uint32_t>& ids) const override;

 private:
  Encoding wrap(const Encoding& e, size_t index) const;

  Style style_;
  uint32_t cls_, sep_;
  bool trim_offsets_, add_prefix_space_;
};

// "Sequence": processors applied in order.
class ProcessorSequence final : public PostProcessor {
 public:
  explicit ProcessorSequence(std::vector<std::unique_ptr<PostProcessor>> processors)
      : processors_(std::move(processors)) {}
  size_t added_tokens(bool is_pair) const override;
  void process_encodings(std::vector<Encoding>& encodings, bool add_special_tokens,
                         const IdToToken& id_to_token) const override;
  bool add_special_ids(std::vector<uint32_t>& ids) const override;

 private:
  std::vector<std::unique_ptr<PostProcessor>> processors_;
};

// Switches on "type"; an unknown type is an error naming it and its path.
std::unique_ptr<PostProcessor> make_post_processor(const JsonView& j);

}  // namespace tokvec
