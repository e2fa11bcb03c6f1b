// tokvec: tokens → vectors. The package's entry point.
//
// Factories are async (they await the wasm module once); methods are sync. Every handle owns wasm
// memory: call dispose() (or rely on `using`, or on the FinalizationRegistry as a last resort).
export { TokvecError, init, getLimits, setLimits } from './core.js';
export { Tokenizer } from './tokenizer.js';
export { Embeddings, positionalEncoding, textEmbedding } from './embeddings.js';
export { loadTokenizer, loadEmbeddings } from './loaders.js';
export { Word2Vec } from './word2vec.js';
