// Embedding file loaders on small hand-made inputs: every format read whole and in chunks of
// every size, and each malformed input's error message (their numbers: decimal_test.cc).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "core/error.h"
#include "embeddings/loaders.h"

namespace tokvec {
namespace {

#define EXPECT_TOKVEC_ERROR(statement, error_code, text)                  \
  try {                                                                   \
    statement;                                                            \
    ADD_FAILURE() << "no error; expected: " << (text);                    \
  } catch (const Error& e) {                                              \
    EXPECT_EQ(e.code(), error_code);                                      \
    EXPECT_EQ(std::string(e.what()), std::string(text));                  \
  }

LoadOptions as(EmbeddingFormat format) {
  LoadOptions o;
  o.format = format;
  return o;
}

// Feeds `bytes` in pieces of `chunk` bytes (total size unknown to the loader, as in a stream).
EmbeddingMatrix load_in_chunks(std::string_view bytes, LoadOptions options, size_t chunk) {
  auto loader = make_loader(options);
  for (size_t at = 0; at < bytes.size(); at += chunk) loader->feed(bytes.substr(at, chunk));
  EmbeddingMatrix m = loader->finish();
  EXPECT_EQ(loader->bytes_consumed(), bytes.size());
  return m;
}

std::vector<float> values_of(const EmbeddingMatrix& m) {
  std::vector<float> out(m.rows() * m.dim());
  for (size_t r = 0; r < m.rows(); ++r) m.copy_row(r, out.data() + r * m.dim());
  return out;
}

// Loads whole and in chunks of 1..17 bytes and checks all agree.
EmbeddingMatrix load_every_way(std::string_view bytes, LoadOptions options) {
  EmbeddingMatrix whole = load_embeddings(bytes, options);
  for (size_t chunk = 1; chunk <= 17; ++chunk) {
    EmbeddingMatrix m = load_in_chunks(bytes, options, chunk);
    EXPECT_EQ(values_of(m), values_of(whole)) << "chunk " << chunk;
    EXPECT_EQ(m.rows(), whole.rows());
    for (size_t r = 0; r < m.rows(); ++r) EXPECT_EQ(m.word(r), whole.word(r));
  }
  return whole;
}

std::string f32_bytes(std::initializer_list<float> values) {
  std::string s;
  for (float v : values) s.append(reinterpret_cast<const char*>(&v), 4);
  return s;
}

std::string u64_le(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = static_cast<char>(v >> (8 * i));
  return s;
}

TEST(Loaders, GloVeTextReadsWordsAndValues) {
  const std::string text = "the 0.418 0.24968 -0.41242\n, 0.013441 0.23682 -0.16899\n";
  const EmbeddingMatrix m = load_every_way(text, as(EmbeddingFormat::kGloVe));
  ASSERT_EQ(m.rows(), 2u);
  ASSERT_EQ(m.dim(), 3u);
  EXPECT_EQ(m.word(1), ",");
  EXPECT_EQ(values_of(m), (std::vector<float>{0.418f, 0.24968f, -0.41242f, 0.013441f, 0.23682f, -0.16899f}));
}

TEST(Loaders, GloVeWordsMayContainSpaces) {
  // GloVe 840B has words such as ". . ." : the last dim fields are the numbers.
  const std::string text = "a 1 2\n. . . 3 4\nb 5 6";
  const EmbeddingMatrix m = load_every_way(text, as(EmbeddingFormat::kGloVe));
  ASSERT_EQ(m.rows(), 3u);
  EXPECT_EQ(m.word(1), ". . .");
  EXPECT_EQ(m.find(". . ."), 1u);
  EXPECT_EQ(values_of(m), (std::vector<float>{1, 2, 3, 4, 5, 6}));
}

TEST(Loaders, Word2VecAndFastTextTextReadTheHeader) {
  // fastText .vec: trailing space on each line; Windows line ends too.
  const std::string text = "2 3\r\ncat 1 2 3 \r\ndog -1 -2 -3 \r\n";
  for (auto format : {EmbeddingFormat::kWord2VecText, EmbeddingFormat::kText}) {
    const EmbeddingMatrix m = load_every_way(text, as(format));
    ASSERT_EQ(m.rows(), 2u);
    EXPECT_EQ(m.word(1), "dog");
    EXPECT_EQ(values_of(m), (std::vector<float>{1, 2, 3, -1, -2, -3}));
  }
  // "text" with no header line is GloVe.
  EXPECT_EQ(load_embeddings("x 1 2 3\n", as(EmbeddingFormat::kText)).dim(), 3u);
}

TEST(Loaders, TextErrorsNameTheLine) {
  std::string text;
  for (int i = 1; i <= 16; ++i) text += "w" + std::to_string(i) + " 1 2 3\n";
  EXPECT_TOKVEC_ERROR(load_embeddings(text + "king 1 2\n", as(EmbeddingFormat::kGloVe)), ErrorCode::kParse,
                      "GloVe: line 17: expected 3 numbers after \"king\", got 2");
  EXPECT_TOKVEC_ERROR(load_embeddings("a 1 2\nb 1 nan\n", as(EmbeddingFormat::kGloVe)), ErrorCode::kParse,
                      "GloVe: line 2: \"b\": value 2 is not a finite number: \"nan\"");
  EXPECT_TOKVEC_ERROR(load_embeddings("a 1 2\nb 1 1e39\n", as(EmbeddingFormat::kGloVe)), ErrorCode::kParse,
                      "GloVe: line 2: \"b\": value 2 is not a finite number: \"1e39\"");
  EXPECT_TOKVEC_ERROR(load_embeddings("", as(EmbeddingFormat::kGloVe)), ErrorCode::kParse, "GloVe: no vectors in the input");
  EXPECT_TOKVEC_ERROR(load_embeddings("word\n", as(EmbeddingFormat::kGloVe)), ErrorCode::kParse,
                      "GloVe: line 1: expected a word and numbers, got \"word\"");
  EXPECT_TOKVEC_ERROR(load_embeddings("2 2\na 1 2 3\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: line 2: expected 2 numbers after \"a\", got 3");
  EXPECT_TOKVEC_ERROR(load_embeddings("a 1 2\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: line 1: expected a header \"rows dim\", got \"a 1 2\"");
  EXPECT_TOKVEC_ERROR(load_embeddings("3 2\na 1 2\nb 3 4\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: the header declares 3 rows, the input has 2");
  EXPECT_TOKVEC_ERROR(load_embeddings("1 2\na 1 2\nb 3 4\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: line 3: more rows than the header's 1");
}

TEST(Loaders, HugeDeclaredSizesFailBeforeAllocating) {
  EXPECT_TOKVEC_ERROR(load_embeddings("1000000000 1000000\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: line 1: header: dim 1000000 is outside 1..65536");
  EXPECT_TOKVEC_ERROR(load_embeddings("1000000000 300\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kLimit,
                      "word2vec: line 1: header: the row count is 1000000000, more than maxVocabSize (4194304); raise "
                      "it with setLimits");
  EXPECT_TOKVEC_ERROR(load_embeddings("1000 300\n", as(EmbeddingFormat::kWord2VecText)), ErrorCode::kParse,
                      "word2vec: line 1: header declares 1000 rows × 300 dims, which need at least 601000 bytes; the "
                      "input has 9");
  EXPECT_TOKVEC_ERROR(load_embeddings("4000000 300\n", as(EmbeddingFormat::kWord2VecBinary)), ErrorCode::kLimit,
                      "word2vec binary: header: 4000000 rows × 300 dims need 4800000000 bytes, more than maxMatrixBytes "
                      "(3221225472)");
}

TEST(Loaders, Word2VecBinaryReadsRowsWithOrWithoutNewlines) {
  const std::string bytes = "3 2\ncat " + f32_bytes({1.5f, -2}) + "\ndog " + f32_bytes({3, 4}) + "\u00e9t\u00e9 " +
                            f32_bytes({0.25f, 0}) + "\n";
  const EmbeddingMatrix m = load_every_way(bytes, as(EmbeddingFormat::kWord2VecBinary));
  ASSERT_EQ(m.rows(), 3u);
  EXPECT_EQ(m.word(1), "dog");
  EXPECT_EQ(m.word(2), "\u00e9t\u00e9");
  EXPECT_EQ(values_of(m), (std::vector<float>{1.5f, -2, 3, 4, 0.25f, 0}));
}

TEST(Loaders, Word2VecBinaryErrorsNameTheByte) {
  const float nan = NAN;
  EXPECT_TOKVEC_ERROR(load_embeddings("1 2\ncat " + f32_bytes({1, nan}), as(EmbeddingFormat::kWord2VecBinary)),
                      ErrorCode::kParse, "word2vec binary: byte 12: row 0 (\"cat\"), value 2 is NaN");
  EXPECT_TOKVEC_ERROR(load_embeddings("2 2\ncat " + f32_bytes({1, 2}), as(EmbeddingFormat::kWord2VecBinary)),
                      ErrorCode::kParse, "word2vec binary: byte 0: header declares 2 rows × 2 dims, which need at least 20 bytes; the input has 16");
  LoadOptions streaming = as(EmbeddingFormat::kWord2VecBinary);
  EXPECT_TOKVEC_ERROR(load_in_chunks("2 2\ncat " + f32_bytes({1, 2}) + "do", streaming, 5), ErrorCode::kParse,
                      "word2vec binary: byte 18: input ends inside row 1 of the header's 2");
  EXPECT_TOKVEC_ERROR(load_embeddings("1 1\na " + f32_bytes({1}) + "extra", as(EmbeddingFormat::kWord2VecBinary)),
                      ErrorCode::kParse, "word2vec binary: byte 10: data after the last of the header's 1 rows");
  EXPECT_TOKVEC_ERROR(load_embeddings("one two\n", as(EmbeddingFormat::kWord2VecBinary)), ErrorCode::kParse,
                      "word2vec binary: byte 0: expected a header \"rows dim\", got \"one two\"");
}

std::string safetensors(const std::string& header, const std::string& data) {
  return u64_le(header.size()) + header + data;
}

TEST(Loaders, SafetensorsReadsANamedTensorInF32F16AndBf16) {
  // Two tensors; "emb" (2 × 2 f32) after an 8-byte "bias".
  const std::string header =
      R"({"__metadata__":{"format":"pt"},"bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
      R"("emb":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}})";
  const std::string file = safetensors(header, f32_bytes({9, 9, 1, 2, 3, 4}));
  LoadOptions o = as(EmbeddingFormat::kSafetensors);
  o.tensor = "emb";
  const EmbeddingMatrix m = load_every_way(file, o);
  EXPECT_EQ(values_of(m), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_FALSE(m.has_words());
  // f16 1.0, −2.0 and bf16 1.0, −2.0 are kept as 2-byte values.
  const std::string f16 = safetensors(R"({"w":{"dtype":"F16","shape":[1,2],"data_offsets":[0,4]}})", std::string("\x00\x3c\x00\xc0", 4));
  const EmbeddingMatrix h = load_every_way(f16, as(EmbeddingFormat::kSafetensors));
  EXPECT_EQ(h.storage(), Storage::kF16);
  EXPECT_EQ(values_of(h), (std::vector<float>{1, -2}));
  const std::string bf16 = safetensors(R"({"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}})", std::string("\x80\x3f\x00\xc0", 4));
  EXPECT_EQ(values_of(load_every_way(bf16, as(EmbeddingFormat::kSafetensors))), (std::vector<float>{1, -2}));
}

TEST(Loaders, SafetensorsErrorsNameTheProblem) {
  const auto st = as(EmbeddingFormat::kSafetensors);
  EXPECT_TOKVEC_ERROR(load_embeddings(u64_le(1000) + "{}", st), ErrorCode::kParse,
                      "safetensors: byte 0: header length 1000 is larger than the file (10 bytes)");
  EXPECT_TOKVEC_ERROR(load_in_chunks(u64_le(1000) + "{}", st, 4), ErrorCode::kParse,
                      "safetensors: byte 0: header length 1000 is larger than the file (10 bytes)");
  EXPECT_TOKVEC_ERROR(load_embeddings(u64_le(uint64_t{1} << 40), st), ErrorCode::kLimit,
                      "safetensors: byte 0: header length 1099511627776 is larger than the 100000000-byte limit");
  EXPECT_TOKVEC_ERROR(load_embeddings("abc", st), ErrorCode::kParse,
                      "safetensors: byte 0: input is 3 bytes, too short for the 8-byte header length");
  const std::string past = R"({"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(past, f32_bytes({1})), st), ErrorCode::kParse,
                      "safetensors header: w.data_offsets: [0, 8] ends past the file: the data section has 4 bytes");
  EXPECT_TOKVEC_ERROR(load_in_chunks(safetensors(past, f32_bytes({1})), st, 3), ErrorCode::kParse,
                      "safetensors: byte 68: input ends before tensor \"w\" does (it needs bytes up to 72)");
  const std::string mismatch = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,8]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(mismatch, f32_bytes({1, 2})), st), ErrorCode::kParse,
                      "safetensors header: w.data_offsets: [0, 8] holds 8 bytes; shape [2,2] of F32 needs 16");
  const std::string i64 = R"({"w":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(i64, f32_bytes({1, 2})), st), ErrorCode::kUnsupported,
                      "safetensors header: w.dtype: dtype \"I64\" is not supported (expected F32, F16 or BF16)");
  const std::string two = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(two, f32_bytes({1, 2})), st), ErrorCode::kInvalidArgument,
                      "safetensors: 2 tensors (\"a\", \"b\"); name the one to load");
  LoadOptions named = st;
  named.tensor = "c";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(two, f32_bytes({1, 2})), named), ErrorCode::kInvalidArgument,
                      "safetensors: no tensor \"c\" (tensors: \"a\", \"b\")");
  const std::string shape3 = R"({"w":{"dtype":"F32","shape":[1,1,1],"data_offsets":[0,4]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(shape3, f32_bytes({1})), st), ErrorCode::kParse,
                      "safetensors header: w.shape: expected [rows, dim] or [dim], got [1,1,1]");
  const float inf = INFINITY;
  const std::string one = R"({"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}})";
  EXPECT_TOKVEC_ERROR(load_embeddings(safetensors(one, f32_bytes({1, inf})), st), ErrorCode::kParse,
                      "embeddings: row 0, column 1 is infinite");
}

// A .npy file as numpy writes it: magic, version, header length, the dict padded with spaces and
// ending in "\n" so that the data starts at a multiple of 64.
std::string npy(const std::string& dict, const std::string& data, int major = 1) {
  const size_t prefix = major == 1 ? 10 : 12;
  std::string header = dict;
  while ((prefix + header.size() + 1) % 64 != 0) header += ' ';
  header += '\n';
  std::string out = std::string("\x93NUMPY", 6) + static_cast<char>(major) + '\0';
  const size_t n = header.size();
  out += static_cast<char>(n & 0xff);
  out += static_cast<char>(n >> 8);
  if (major != 1) out += std::string(2, '\0');
  return out + header + data;
}

TEST(Loaders, NpyReadsF4AndF2InVersions1And2) {
  const std::string f4 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", f32_bytes({1, 2, 3, 4}));
  EXPECT_EQ(values_of(load_every_way(f4, as(EmbeddingFormat::kNpy))), (std::vector<float>{1, 2, 3, 4}));
  const std::string v2 = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", f32_bytes({5, 6}), 2);
  EXPECT_EQ(values_of(load_every_way(v2, as(EmbeddingFormat::kNpy))), (std::vector<float>{5, 6}));
  const std::string f2 = npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1, 2), }", std::string("\x00\x3c\x00\xc0", 4));
  const EmbeddingMatrix h = load_every_way(f2, as(EmbeddingFormat::kNpy));
  EXPECT_EQ(h.storage(), Storage::kF16);
  EXPECT_EQ(values_of(h), (std::vector<float>{1, -2}));
}

TEST(Loaders, NpyErrorsNameTheProblem) {
  const auto o = as(EmbeddingFormat::kNpy);
  EXPECT_TOKVEC_ERROR(load_embeddings(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", "12345678"), o),
                      ErrorCode::kUnsupported, "npy: byte 10: header: dtype '<f8' is not supported (expected '<f4' or '<f2')");
  EXPECT_TOKVEC_ERROR(load_embeddings(npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", "1234"), o),
                      ErrorCode::kUnsupported,
                      "npy: byte 10: header: Fortran-order arrays are not supported (save a C-order array)");
  EXPECT_TOKVEC_ERROR(load_embeddings(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "123412341234"), o),
                      ErrorCode::kUnsupported, "npy: byte 10: header: shape (3,) is not 2-D (rows, dim)");
  EXPECT_TOKVEC_ERROR(load_embeddings("PK\x03\x04 not numpy at all", o), ErrorCode::kParse,
                      "npy: byte 0: not a .npy file (the magic \"\\x93NUMPY\" is missing)");
  const std::string ok = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", f32_bytes({1, 2}));
  EXPECT_TOKVEC_ERROR(load_embeddings(ok + "xx", o), ErrorCode::kParse, "npy: byte 136: 2 bytes after the array data");
  EXPECT_TOKVEC_ERROR(load_embeddings(ok.substr(0, ok.size() - 1), o), ErrorCode::kParse,
                      "npy: byte 135: input ends before the array does (it needs bytes up to 136)");
}

TEST(Loaders, RawF32NeedsWholeRows) {
  LoadOptions o = as(EmbeddingFormat::kRawF32);
  o.dim = 2;
  EXPECT_EQ(values_of(load_every_way(f32_bytes({1, 2, 3, 4}), o)), (std::vector<float>{1, 2, 3, 4}));
  EXPECT_TOKVEC_ERROR(load_embeddings(f32_bytes({1, 2, 3}), o), ErrorCode::kParse,
                      "raw f32: 12 bytes is not a whole number of rows of 2 floats (8 bytes)");
  o.dim = 0;
  EXPECT_TOKVEC_ERROR(load_embeddings("", o), ErrorCode::kInvalidArgument, "raw f32: dim 0 is outside 1..65536");
}

TEST(Loaders, WinkJsonReadsWordsVectorsAndChecksRowIndices) {
  const std::string json =
      R"({"precision":8,"l2NormIndex":2,"wordIndex":3,"size":3,"dimensions":2,"words":["a","b\"q","vectors"],)"
      R"("vectors":{"a":[1,0,1,0],"b\"q":[0,-2.5,2.5,1], "vectors" : [0.5,0.25,0.559,2]},"unkVector":[0,0,-1]})";
  const EmbeddingMatrix m = load_every_way(json, as(EmbeddingFormat::kWinkJson));
  ASSERT_EQ(m.rows(), 3u);
  EXPECT_EQ(m.word(1), "b\"q");
  EXPECT_EQ(m.word(2), "vectors");
  EXPECT_EQ(values_of(m), (std::vector<float>{1, 0, 0, -2.5f, 0.5f, 0.25f}));
}

TEST(Loaders, WinkJsonErrorsNameTheByte) {
  const auto o = as(EmbeddingFormat::kWinkJson);
  const std::string head = R"({"dimensions":2,"size":1,"vectors":{)";
  EXPECT_TOKVEC_ERROR(load_embeddings(head + R"("a":[1,2,3]}})", o), ErrorCode::kParse,
                      "wink JSON: byte 46: expected 4 values for \"a\" (2 numbers, norm, row), got 3");
  EXPECT_TOKVEC_ERROR(load_embeddings(head + R"("a":[1,2,3,7]}})", o), ErrorCode::kParse,
                      "wink JSON: byte 47: \"a\": row index 7, expected 0");
  EXPECT_TOKVEC_ERROR(load_embeddings(head + R"("a":[1,NaN,3,0]}})", o), ErrorCode::kParse,
                      "wink JSON: byte 43: \"a\": value 2 is not a finite number: \"NaN\"");
  EXPECT_TOKVEC_ERROR(load_embeddings(head + R"("a":[1,2,3,0])", o), ErrorCode::kParse,
                      "wink JSON: byte 49: input ends inside the \"vectors\" object");
  EXPECT_TOKVEC_ERROR(load_embeddings(R"({"dimensions":2})", o), ErrorCode::kParse,
                      "wink JSON: byte 16: no \"vectors\" object");
  EXPECT_TOKVEC_ERROR(load_embeddings(R"({"size":1,"vectors":{}})", o), ErrorCode::kParse,
                      "wink JSON: missing \"dimensions\"");
  EXPECT_TOKVEC_ERROR(load_embeddings(R"({"dimensions":2,"size":2,"vectors":{"a":[1,2,3,0]}})", o), ErrorCode::kParse,
                      "wink JSON: \"size\" says 2 rows, \"vectors\" has 1");
}

TEST(Loaders, FeedAfterFinishIsAnError) {
  auto loader = make_loader(as(EmbeddingFormat::kGloVe));
  loader->feed("a 1\n");
  EXPECT_EQ(loader->bytes_consumed(), 4u);
  loader->finish();
  EXPECT_TOKVEC_ERROR(loader->feed("b 2\n"), ErrorCode::kInvalidArgument, "embeddings loader: feed after finish");
}

}  // namespace
}  // namespace tokvec
