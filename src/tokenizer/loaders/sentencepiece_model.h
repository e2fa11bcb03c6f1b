// Reads a SentencePiece model file (`tokenizer.model`, `spiece.model`): a serialized ModelProto as
// defined in google/sentencepiece src/sentencepiece_model.proto (proto2). A small reader of the
// protobuf wire format keeps only the fields a tokenizer needs; everything else is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tokvec {

struct SentencePieceModel {
  // TrainerSpec.ModelType.
  enum class ModelType { kUnigram = 1, kBpe = 2, kWord = 3, kChar = 4 };

  // ModelProto.SentencePiece.Type.
  enum class PieceType { kNormal = 1, kUnknown = 2, kControl = 3, kUserDefined = 4, kUnused = 5, kByte = 6 };

  struct Piece {
    std::string piece;
    float score = 0.0f;
    PieceType type = PieceType::kNormal;
  };

  // NormalizerSpec, with the proto's defaults.
  struct Normalizer {
    std::string name;
    std::string precompiled_charsmap;  // bytes: the compiled normalization table
    bool add_dummy_prefix = true;
    bool remove_extra_whitespaces = true;
    bool escape_whitespaces = true;
  };

  std::string where;  // the name given to the reader, for messages about this model
  std::vector<Piece> pieces;

  // TrainerSpec fields, with the proto's defaults.
  ModelType model_type = ModelType::kUnigram;
  bool byte_fallback = false;
  bool treat_whitespace_as_suffix = false;
  bool split_digits = false;
  int32_t unk_id = 0;
  int32_t bos_id = 1;
  int32_t eos_id = 2;
  int32_t pad_id = -1;  // -1 = none
  std::string unk_piece = "<unk>";
  std::string bos_piece = "<s>";
  std::string eos_piece = "</s>";
  std::string pad_piece = "<pad>";
  std::string unk_surface = " \xE2\x81\x87 ";  // " ⁇ ", what decoding shows for <unk>

  Normalizer normalizer;
  bool has_normalizer_spec = false;
};

// Parses the bytes of a .model file. Truncated or malformed input is an Error naming `where`,
// the byte offset and the field: `llama.model: byte 1042: pieces[7].piece: length 300 runs past
// the end (120 bytes left)`. A piece that is not valid UTF-8 or has an unknown type is an Error too.
SentencePieceModel read_sentencepiece_model(std::string_view bytes, std::string_view where = "tokenizer.model");

const char* sentencepiece_model_type_name(SentencePieceModel::ModelType type);

}  // namespace tokvec
