// TOKVEC_COLD_BEGIN / TOKVEC_COLD_END: the functions between them are built for size (clang's
// `minsize`, what -Oz gives a whole file), inside files whose other functions stay at -O3.
//
// The wasm module has a size budget (issue 7: .wasm + JS at most 300 KB gzipped), and files such
// as bpe.cc or regex.cc hold both a hot loop (tokenize, Matcher::run) and the much larger code that
// runs once per load (building the vocabulary tables, parsing and compiling a pattern) or only on
// an error. CMakeLists.txt sets -Oz for files that are cold as a whole; these mark the cold part of
// a hot file. With other compilers (the native g++ build, where size does not matter) they expand
// to nothing.
#pragma once

#if defined(__clang__)
#define TOKVEC_COLD_BEGIN _Pragma("clang attribute push(__attribute__((minsize)), apply_to = function)")
#define TOKVEC_COLD_END _Pragma("clang attribute pop")
#else
#define TOKVEC_COLD_BEGIN
#define TOKVEC_COLD_END
#endif
