// Where encode_ids spends its time, the same source natively and in wasm: load time of a tiktoken
// encoding, then over ~4 KB documents of a text file the MB/s of each stage alone — the split
// pattern (Regex::find_all), the model on the pieces (Bpe::tokenize), the whole encode_ids — and
// how the pieces divide between "the piece is a token" and "the piece needs merging".
//
//   g++ -std=c++20 -O3 -Isrc tests/native/wasm/encode_bench.cc <build>/libtokvec_core.a -o /tmp/encode_bench
//   em++ -std=c++20 -O3 -msimd128 -fwasm-exceptions -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=4GB -sSINGLE_FILE=1 \
//     -sNODERAWFS=1 -Isrc -I<dir holding nlohmann/> tests/native/wasm/encode_bench.cc \
//     <wasm build>/libtokvec_core.a -o /tmp/encode_bench.js
//   /tmp/encode_bench ENCODING RANKS_FILE TEXT_FILE      (node /tmp/encode_bench.js ... in wasm)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "regex/regex.h"
#include "tokenizer/encodings.h"
#include "tokenizer/load.h"
#include "tokenizer/models/bpe.h"

using namespace tokvec;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string read_file(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// ~4 KB documents cut at an ASCII space or newline.
std::vector<std::string_view> documents(std::string_view text) {
  std::vector<std::string_view> docs;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.size(), start + 4096);
    while (end < text.size() && end > start + 3000 && text[end] != ' ' && text[end] != '\n') --end;
    docs.push_back(text.substr(start, end - start));
    start = end;
  }
  return docs;
}

// Best of `rounds` passes, in MB/s.
template <typename F>
double mb_per_s(size_t bytes, int rounds, F&& pass) {
  double best = 1e9;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    pass();
    best = std::min(best, seconds_since(start));
  }
  return static_cast<double>(bytes) / 1e6 / best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: encode_bench ENCODING RANKS_FILE TEXT_FILE\n");
    return 2;
  }
  const std::string ranks = read_file(argv[2]);
  const std::string text = read_file(argv[3]);
  const auto docs = documents(text);

  auto start = std::chrono::steady_clock::now();
  const auto tokenizer = tokenizer_from_encoding(argv[1], ranks);
  std::printf("%s: load %.1f ms (%zu bytes of ranks)\n", argv[1], seconds_since(start) * 1e3, ranks.size());

  std::string pattern;
  for (const EncodingSpec& spec : encoding_specs()) {
    if (spec.name == argv[1]) pattern = spec.pattern;
  }
  const Regex regex(pattern, Regex::Dialect::kRust);
  const auto& bpe = dynamic_cast<const Bpe&>(tokenizer->model());

  std::vector<std::vector<Span>> pieces(docs.size());
  size_t piece_count = 0, single_token = 0, merged_bytes = 0;
  std::vector<Token> scratch;
  for (size_t i = 0; i < docs.size(); ++i) {
    regex.find_all(docs[i], pieces[i]);
    piece_count += pieces[i].size();
    for (const Span& p : pieces[i]) {
      scratch.clear();
      bpe.tokenize(docs[i].substr(p.start, p.size()), scratch);
      if (scratch.size() == 1) ++single_token;
      else merged_bytes += p.size();
    }
  }
  std::printf("%zu documents, %zu bytes, %zu pieces (%.1f bytes each); %.1f%% of pieces are a token, "
              "the rest hold %.1f%% of the bytes\n",
              docs.size(), text.size(), piece_count, static_cast<double>(text.size()) / piece_count,
              100.0 * single_token / piece_count, 100.0 * merged_bytes / text.size());

  const int rounds = 5;
  std::vector<Span> spans;
  const double split = mb_per_s(text.size(), rounds, [&] {
    for (std::string_view doc : docs) {
      spans.clear();
      regex.find_all(doc, spans);
    }
  });
  std::vector<Token> tokens;
  const double model = mb_per_s(text.size(), rounds, [&] {
    for (size_t i = 0; i < docs.size(); ++i) {
      for (const Span& p : pieces[i]) {
        tokens.clear();
        bpe.tokenize(docs[i].substr(p.start, p.size()), tokens);
      }
    }
  });
  // The model on each kind of piece alone, in ns per piece.
  std::vector<std::string_view> whole_pieces, merged_pieces;
  for (size_t i = 0; i < docs.size(); ++i) {
    for (const Span& p : pieces[i]) {
      scratch.clear();
      const std::string_view piece = docs[i].substr(p.start, p.size());
      bpe.tokenize(piece, scratch);
      (scratch.size() == 1 ? whole_pieces : merged_pieces).push_back(piece);
    }
  }
  for (const auto* kind : {&whole_pieces, &merged_pieces}) {
    double best = 1e9;
    for (int r = 0; r < rounds; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      for (std::string_view piece : *kind) {
        tokens.clear();
        bpe.tokenize(piece, tokens);
      }
      best = std::min(best, seconds_since(t0));
    }
    std::printf("model on %s pieces: %.1f ns a piece, %.1f ms per MB of text\n",
                kind == &whole_pieces ? "one-token" : "merged", best * 1e9 / kind->size(),
                best * 1e3 / (static_cast<double>(text.size()) / 1e6));
  }

  std::vector<uint32_t> ids;
  const EncodeOptions options;
  const double whole = mb_per_s(text.size(), rounds, [&] {
    for (std::string_view doc : docs) tokenizer->encode_ids(doc, options, ids);
  });
  std::printf("split %.1f MB/s, model %.1f MB/s, encode_ids %.1f MB/s\n", split, model, whole);
  std::printf("per MB: split %.1f ms + model %.1f ms = %.1f ms; encode_ids %.1f ms (the rest: %.1f ms)\n",
              1e3 / split, 1e3 / model, 1e3 / split + 1e3 / model, 1e3 / whole,
              1e3 / whole - 1e3 / split - 1e3 / model);
  return 0;
}
