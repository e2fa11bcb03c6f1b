#include "tokenizer/loaders/sentencepiece_model.h"

#include <cmath>
#include <cstring>

#include "core/error.h"
#include "core/utf8.h"

namespace tokvec {

namespace {

// Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).
enum WireType : uint32_t { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kStartGroup = 3, kEndGroup = 4, kFixed32 = 5 };

const char* wire_type_name(uint32_t type) {
  switch (type) {
    case kVarint: return "varint";
    case kFixed64: return "fixed64";
    case kLengthDelimited: return "length-delimited";
    case kStartGroup: return "start-group";
    case kEndGroup: return "end-group";
    case kFixed32: return "fixed32";
    default: return "invalid";
  }
}

// Reads one message's bytes. Offsets in messages are from the start of the file, so a nested
// message's reader knows where it begins.
class WireReader {
 public:
  WireReader(std::string_view bytes, size_t base, const std::string& where, std::string path)
      : bytes_(bytes), base_(base), where_(where), path_(std::move(path)) {}

  bool done() const { return pos_ >= bytes_.size(); }

  // Reads the next tag; afterwards field() and wire_type() describe it.
  void next_field() {
    field_offset_ = pos_;
    field_name_.clear();
    const uint64_t tag = varint(path_.empty() ? "field tag" : path_ + " field tag");
    field_ = tag >> 3;
    wire_type_ = static_cast<uint32_t>(tag & 7);
    if (field_ == 0 || field_ > 0x1FFFFFFF) fail_at(field_offset_, "field tag", message({"field number ", field_, " is not valid"}));
    if (wire_type_ > kFixed32) fail_at(field_offset_, message({"field ", field_}), message({"wire type ", wire_type_, " is not valid"}));
  }
  uint64_t field() const { return field_; }

  // Names the current field for messages ("pieces[3]", "trainer_spec.unk_id").
  void name(std::string field_name) { field_name_ = std::move(field_name); }

  uint64_t read_varint() {
    expect(kVarint);
    return varint(field_label());
  }
  bool read_bool() { return read_varint() != 0; }
  // int32 is sent as a 64-bit varint (ten bytes for negatives); the low 32 bits are the value.
  int32_t read_int32() { return static_cast<int32_t>(static_cast<uint32_t>(read_varint())); }

  float read_float() {
    expect(kFixed32);
    need(4, field_label());
    uint32_t bits = 0;
    for (int i = 3; i >= 0; --i) bits = bits << 8 | static_cast<uint8_t>(bytes_[pos_ + i]);
    pos_ += 4;
    float value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
  }

  // A length-delimited field: a string, bytes or a nested message. Sets *offset to the file
  // offset of its first byte.
  std::string_view read_bytes(size_t* offset = nullptr) {
    expect(kLengthDelimited);
    const uint64_t length = varint(field_label());
    if (length > bytes_.size() - pos_) {
      fail(message({"length ", length, " runs past the end (", bytes_.size() - pos_, " bytes left)"}));
    }
    if (offset) *offset = base_ + pos_;
    const std::string_view out = bytes_.substr(pos_, static_cast<size_t>(length));
    pos_ += static_cast<size_t>(length);
    return out;
  }

  std::string read_string() { return std::string(read_bytes()); }

  WireReader read_message() {
    size_t offset = 0;
    const std::string_view body = read_bytes(&offset);
    return WireReader(body, offset, where_, field_label());
  }

  void skip() {
    switch (wire_type_) {
      case kVarint: varint(field_label()); break;
      case kFixed64: need(8, field_label()); pos_ += 8; break;
      case kLengthDelimited: read_bytes(); break;
      case kFixed32: need(4, field_label()); pos_ += 4; break;
      default:
        // Groups were deprecated before SentencePiece existed; no .model file has one.
        fail(message({"unsupported wire type ", wire_type_, " (", wire_type_name(wire_type_), ")"}));
    }
  }

  [[noreturn]] void fail(const std::string& what) const { fail_at(field_offset_, field_label(), what); }

 private:
  std::string field_label() const {
    const std::string name = field_name_.empty() ? message({"field ", field_}) : field_name_;
    return path_.empty() ? name : path_ + "." + name;
  }

  void expect(uint32_t type) const {
    if (wire_type_ != type) {
      fail(message({"wire type ", wire_type_, " (", wire_type_name(wire_type_), "), expected ", type, " (", wire_type_name(type), ")"}));
    }
  }

  void need(size_t count, const std::string& label) const {
    if (bytes_.size() - pos_ < count) {
      fail_at(pos_, label, message({"truncated: needs ", count, " bytes, ", bytes_.size() - pos_, " left"}));
    }
  }

  uint64_t varint(const std::string& label) {
    const size_t start = pos_;
    uint64_t value = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (pos_ >= bytes_.size()) fail_at(start, label, "truncated varint");
      const uint8_t b = static_cast<uint8_t>(bytes_[pos_++]);
      if (shift == 63 && b > 1) fail_at(start, label, "varint does not fit in 64 bits");
      value |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return value;
    }
    fail_at(start, label, "varint longer than 10 bytes");
  }

  [[noreturn]] void fail_at(size_t pos, const std::string& label, const std::string& what) const {
    throw_error(ErrorCode::kParse, {where_, ": byte ", base_ + pos, ": ", label, ": ", what});
  }

  std::string_view bytes_;
  size_t base_;
  const std::string& where_;
  std::string path_;
  size_t pos_ = 0;
  size_t field_offset_ = 0;
  uint64_t field_ = 0;
  uint32_t wire_type_ = 0;
  std::string field_name_;
};

void read_piece(WireReader r, SentencePieceModel::Piece& piece) {
  while (!r.done()) {
    r.next_field();
    switch (r.field()) {
      case 1: {
        r.name("piece");
        piece.piece = r.read_string();
        if (!utf8::is_valid(piece.piece)) r.fail("not valid UTF-8");
        break;
      }
      case 2: {
        r.name("score");
        piece.score = r.read_float();
        // Viterbi and the BPE merge order compare scores: a NaN would make their order arbitrary.
        if (!std::isfinite(piece.score)) r.fail(std::isnan(piece.score) ? "NaN is not a score" : "an infinite score");
        break;
      }
      case 3: {
        r.name("type");
        const uint64_t type = r.read_varint();
        if (type < 1 || type > 6) r.fail(message({"unknown piece type ", type}));
        piece.type = static_cast<SentencePieceModel::PieceType>(type);
        break;
      }
      default: r.skip();
    }
  }
}

void read_trainer_spec(WireReader r, SentencePieceModel& m) {
  while (!r.done()) {
    r.next_field();
    switch (r.field()) {
      case 3: {
        r.name("model_type");
        const uint64_t type = r.read_varint();
        if (type < 1 || type > 4) r.fail(message({"unknown model type ", type}));
        m.model_type = static_cast<SentencePieceModel::ModelType>(type);
        break;
      }
      case 24: r.name("treat_whitespace_as_suffix"); m.treat_whitespace_as_suffix = r.read_bool(); break;
      case 25: r.name("split_digits"); m.split_digits = r.read_bool(); break;
      case 35: r.name("byte_fallback"); m.byte_fallback = r.read_bool(); break;
      case 40: r.name("unk_id"); m.unk_id = r.read_int32(); break;
      case 41: r.name("bos_id"); m.bos_id = r.read_int32(); break;
      case 42: r.name("eos_id"); m.eos_id = r.read_int32(); break;
      case 43: r.name("pad_id"); m.pad_id = r.read_int32(); break;
      case 44: r.name("unk_surface"); m.unk_surface = r.read_string(); break;
      case 45: r.name("unk_piece"); m.unk_piece = r.read_string(); break;
      case 46: r.name("bos_piece"); m.bos_piece = r.read_string(); break;
      case 47: r.name("eos_piece"); m.eos_piece = r.read_string(); break;
      case 48: r.name("pad_piece"); m.pad_piece = r.read_string(); break;
      default: r.skip();
    }
  }
}

void read_normalizer_spec(WireReader r, SentencePieceModel::Normalizer& n) {
  while (!r.done()) {
    r.next_field();
    switch (r.field()) {
      case 1: r.name("name"); n.name = r.read_string(); break;
      case 2: r.name("precompiled_charsmap"); n.precompiled_charsmap = r.read_string(); break;
      case 3: r.name("add_dummy_prefix"); n.add_dummy_prefix = r.read_bool(); break;
      case 4: r.name("remove_extra_whitespaces"); n.remove_extra_whitespaces = r.read_bool(); break;
      case 5: r.name("escape_whitespaces"); n.escape_whitespaces = r.read_bool(); break;
      default: r.skip();
    }
  }
}

}  // namespace

const char* sentencepiece_model_type_name(SentencePieceModel::ModelType type) {
  switch (type) {
    case SentencePieceModel::ModelType::kUnigram: return "UNIGRAM";
    case SentencePieceModel::ModelType::kBpe: return "BPE";
    case SentencePieceModel::ModelType::kWord: return "WORD";
    case SentencePieceModel::ModelType::kChar: return "CHAR";
  }
  return "unknown";
}

SentencePieceModel read_sentencepiece_model(std::string_view bytes, std::string_view where) {
  SentencePieceModel m;
  m.where = std::string(where);
  WireReader r(bytes, 0, m.where, "");
  while (!r.done()) {
    r.next_field();
    switch (r.field()) {
      case 1: {
        r.name(message({"pieces[", m.pieces.size(), "]"}));
        m.pieces.emplace_back();
        read_piece(r.read_message(), m.pieces.back());
        break;
      }
      case 2: r.name("trainer_spec"); read_trainer_spec(r.read_message(), m); break;
      case 3:
        r.name("normalizer_spec");
        read_normalizer_spec(r.read_message(), m.normalizer);
        m.has_normalizer_spec = true;
        break;
      default: r.skip();
    }
  }
  if (m.pieces.empty()) throw Error(ErrorCode::kParse, m.where + ": no pieces; not a SentencePiece model");
  return m;
}

}  // namespace tokvec
