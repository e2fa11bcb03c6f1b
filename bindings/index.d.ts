// Type declarations for tokvec, written by hand (Emscripten 3.1.6 cannot emit them) and checked
// by `tsc --strict` against tests/types/usage.ts.

/** Stable error codes carried by {@link TokvecError.code}. */
export type TokvecErrorCode =
  | 'invalid_argument'
  | 'out_of_range'
  | 'parse_error'
  | 'unsupported'
  | 'limit_exceeded'
  | 'disposed'
  | 'internal';

/** The one error type tokvec throws for bad input. The instance that threw stays usable. */
export class TokvecError extends Error {
  readonly name: 'TokvecError';
  readonly code: TokvecErrorCode;
  constructor(code: TokvecErrorCode, message: string);
}

/** Options of {@link init}. */
export interface InitOptions {
  /**
   * The wasm module itself — its bytes, a URL to fetch it from (in Node a `file:` URL or a file
   * path also works), or a fetch Response (compiled while it streams when its content type is
   * application/wasm) — for hosts where the default location next to the package's JS does not
   * work, such as esbuild bundles: `import wasmUrl from 'tokvec/dist/tokvec_core.wasm'` with
   * `loader: { '.wasm': 'file' }`, then `init({ wasm: new URL(wasmUrl, import.meta.url) })`.
   * Nothing is fetched unless the default location or this URL is used.
   */
  wasm?: ArrayBuffer | ArrayBufferView | URL | string | Response;
  /**
   * The training module, in the same forms as `wasm`: tokenizer and word2vec training live in a
   * second module (dist/tokvec_train.wasm, dist/tokvec_train_nosimd.wasm) that is loaded only on
   * the first {@link Tokenizer.train} or {@link Word2Vec.train} call, so hosts that never train
   * never fetch it. Nothing is fetched for it before then.
   */
  trainWasm?: ArrayBuffer | ArrayBufferView | URL | string | Response;
  /**
   * Without `wasm` (`trainWasm`): the SIMD build (dist/tokvec_core.wasm, dist/tokvec_train.wasm)
   * is used where the engine validates WebAssembly SIMD, else the scalar build
   * (dist/tokvec_core_nosimd.wasm, dist/tokvec_train_nosimd.wasm); both give the same results bit
   * for bit. `false` forces the scalar builds. Default true.
   */
  simd?: boolean;
}

/** What {@link init} resolves to. */
export interface WasmModuleInfo {
  /** true: the SIMD build runs; false: the scalar build; null: the module given as `wasm`. */
  readonly simd: boolean | null;
}

/**
 * Loads the wasm module; optional, every factory calls it (with no options). Resolves once; later
 * calls return the same promise. Throws a {@link TokvecError} (`invalid_argument`) for an unknown
 * option, a module that cannot be fetched or compiled, or options other than the first call's.
 */
export function init(options?: InitOptions): Promise<WasmModuleInfo>;

/**
 * Resource caps: what one call may make tokvec read or allocate. Exceeding one throws a
 * {@link TokvecError} with code 'limit_exceeded' naming the limit and the value, before the large
 * allocation or the long loop starts. They hold for the whole module (every handle).
 */
export interface Limits {
  /** UTF-8 bytes of text per encode call (per text of encodeBatch). Default 64 MiB (67108864). */
  maxInputBytes: number;
  /**
   * Tokens of a tokenizer (one past its largest id) and rows (words) of an embeddings file.
   * Default 4 Mi (4194304); the largest real vocabularies have about 2.2 M entries.
   */
  maxVocabSize: number;
  /**
   * Bytes of values of one embedding matrix. Default 3 GiB (3221225472); the wasm heap is 4 GiB
   * in all, and an allocation that still does not fit throws 'limit_exceeded' ("out of memory").
   */
  maxMatrixBytes: number;
}

/** The limits in force. */
export function getLimits(): Limits;

/** Changes the given limits (whole numbers ≥ 1) for every later call; returns the limits now in force. */
export function setLimits(limits: Partial<Limits>): Limits;

/** What {@link Tokenizer.encode} returns. Every array is a fresh copy the caller owns. */
export interface Encoding {
  /** Token ids. */
  ids: Uint32Array;
  /** The token string of each id, from the vocabulary. */
  tokens: string[];
  /**
   * `[start, end)` pairs, two per token, in UTF-16 code units of the input string: token i
   * covers `text.slice(offsets[2*i], offsets[2*i+1])`. A token holding only part of a character
   * (a byte-level token of an emoji) covers the whole character. With `offsetUnit: 'utf8'`, bytes
   * of the input's UTF-8 (`new TextEncoder().encode(text)`), where such a token covers its own bytes.
   */
  offsets: Uint32Array;
  /** 1 where the token is a special token the post-processor added, or padding; else 0. */
  specialTokensMask: Uint8Array;
  /** Segment id of each token: 0 for `text`, 1 for `pair` (as the post-processor assigns them); padding gets `padTypeId`. */
  typeIds: Uint32Array;
  /** 1 for a real token, 0 for padding (what a model's attention_mask input takes). */
  attentionMask: Uint8Array;
  /**
   * What truncation cut off, as encodings of at most `maxLength` tokens each, consecutive ones
   * sharing `stride` tokens, each with the special tokens and padding the kept part has. When both
   * sequences of a pair overflow, the pieces are their combinations and may hold overflowing
   * pieces of their own, exactly as HuggingFace nests them. Empty without truncation.
   */
  overflowing: Encoding[];
}

/**
 * Truncation, as HuggingFace's `TruncationParams`. Lengths count tokens, the special tokens the
 * post-processor adds included: `maxLength` 512 with BERT keeps 510 tokens of text plus [CLS] and [SEP].
 */
export interface TruncationOptions {
  /** Most tokens an encoding keeps, special tokens included. Required. */
  maxLength: number;
  /**
   * Which sequence gives up tokens (default 'longest_first': for a pair, the longer one until
   * both are equal, then both alike). 'only_first' / 'only_second' cut only that one and throw
   * when it is too short to make room, or (only_second) when there is no pair.
   */
  strategy?: 'longest_first' | 'only_first' | 'only_second';
  /**
   * Tokens each overflowing piece repeats from the end of the piece before it (default 0). Must
   * be less than `maxLength` less the special tokens, and less than what each cut sequence keeps.
   */
  stride?: number;
  /** 'right' (default) keeps the start and cuts the end; 'left' keeps the end. */
  direction?: 'right' | 'left';
}

/** Padding, as HuggingFace's `PaddingParams`. Lengths count tokens. */
export interface PaddingOptions {
  /**
   * Pad to this many tokens, or 'longest' (the default): to the longest encoding of the batch
   * (for `encode`, the encoding itself). An encoding already longer is left as it is, as
   * HuggingFace leaves it; combine with truncation for a fixed shape.
   */
  length?: number | 'longest';
  /** 'right' (default) appends the padding; 'left' prepends it. */
  direction?: 'right' | 'left';
  /** Round the padded length up to a multiple of this (default 0: no rounding). */
  padToMultipleOf?: number;
  /** Id of the padding token (default 0). */
  padId?: number;
  /** Type id of the padding tokens (default 0). */
  padTypeId?: number;
  /** Token string shown for padding in `tokens` (default '[PAD]'). */
  padToken?: string;
}

/**
 * Subword regularization (Unigram models only; others throw `unsupported`): each sequence's
 * segmentation is drawn with probability ∝ exp(alpha · score), as SentencePiece's SampleEncode.
 */
export interface SampleOptions {
  /** Smoothing: 0 draws every segmentation alike, large values concentrate on the best one. */
  alpha: number;
  /** -1 (default): from every segmentation; 0 or 1: the best one; n > 1: among the n best (at most 1024). */
  nbestSize?: number;
  /**
   * 0 to 2^53 - 1. The same seed and text give the same tokens in every runtime; omitted, each
   * call draws afresh. In encodeBatch every input uses this seed.
   */
  seed?: number;
}

/** A segmentation from {@link Tokenizer.encodeNBest}. */
export interface ScoredSegmentation {
  ids: Uint32Array;
  tokens: string[];
  /** The model score: the sum of the pieces' log probabilities (unknown pieces: lowest score − 10). */
  score: number;
}

/** Truncation and padding per call: omitted = the tokenizer's own (what tokenizer.json declares), null = none. */
export interface TruncationPaddingOptions {
  truncation?: TruncationOptions | null;
  padding?: PaddingOptions | null;
  /** Draw the segmentation instead of taking the best one (Unigram models). */
  sample?: SampleOptions | null;
}

export interface EncodeOptions {
  /** Add the special tokens the tokenizer's post-processor defines, e.g. Llama 3's <|begin_of_text|> (default true). */
  addSpecialTokens?: boolean;
  /**
   * Special tokens written in the text that are encoded as special tokens (tiktoken's
   * `allowed_special`). Default: none for tokenizers from tiktoken files, 'all' for tokenizer.json.
   */
  allowedSpecial?: 'all' | string[] | Set<string>;
  /**
   * Special tokens (not allowed above) whose presence in the text throws a TokvecError naming
   * them; the rest are encoded as ordinary text (tiktoken's `disallowed_special`). Default: 'all'
   * for tokenizers from tiktoken files, none for tokenizer.json.
   */
  disallowedSpecial?: 'all' | string[] | Set<string>;
}

/** Options of {@link Tokenizer.encode}. */
export interface EncodeTextOptions extends EncodeOptions, TruncationPaddingOptions {
  /** A second sequence, encoded after `text` with the post-processor's pair template (BERT: [CLS] text [SEP] pair [SEP]). */
  pair?: string;
  /**
   * The unit of `offsets` (default 'utf16'): 'utf16' code units of the string, or 'utf8' bytes of
   * its UTF-8 as TextEncoder gives it (a lone surrogate is the 3 bytes of U+FFFD).
   */
  offsetUnit?: 'utf16' | 'utf8';
}

/** Options of {@link Tokenizer.encodeBatch}. */
export interface EncodeBatchOptions extends EncodeOptions, TruncationPaddingOptions {}

/**
 * What {@link Tokenizer.encodeBatch} returns: every array holds the inputs one after another,
 * `lengths[i]` tokens each (all equal when padded), so `ids` reshapes to [inputs, length].
 */
export interface BatchEncoding {
  /** The ids of every input, one after another. */
  ids: Uint32Array;
  /** How many ids each input has. */
  lengths: Uint32Array;
  /** Type ids, laid out as `ids`. */
  typeIds: Uint32Array;
  /** 1 for a real token, 0 for padding, laid out as `ids`. */
  attentionMask: Uint8Array;
  /** 1 for special tokens and padding, laid out as `ids`. */
  specialTokensMask: Uint8Array;
}

/** A streaming decoder from {@link Tokenizer.decoder}. Owns wasm memory; disposed with its tokenizer. */
export interface DecodeStream {
  /** Adds one id and returns the text it completes (often ''): a character split across tokens is held back until whole. */
  push(id: number): string;
  /** Returns whatever is held back (an incomplete character as U+FFFD) and starts afresh. */
  flush(): string;
  dispose(): void;
  [Symbol.dispose](): void;
}

/** The name of one of tiktoken's encodings. */
export type EncodingName = 'r50k_base' | 'p50k_base' | 'cl100k_base' | 'o200k_base';

/** File contents: text, or bytes as read from disk or fetched. */
export type FileContents = string | Uint8Array | ArrayBuffer | ArrayBufferView;

export interface DecodeOptions {
  /** Leave special tokens out of the text (default false). */
  skipSpecialTokens?: boolean;
}

/** Where a baseline tokenizer's vocabulary comes from: exactly one of `corpus` or `vocab`. */
export interface VocabOptions {
  /** Text to build the vocabulary from: the unknown token "[UNK]" is id 0, then entries by descending count (ties in UTF-8 byte order). */
  corpus?: string;
  /** The vocabulary itself: ids are positions; "[UNK]" is appended when missing. */
  vocab?: string[];
  /** With `corpus`: keep entries seen at least this often (default 1). */
  minFrequency?: number;
  /** With `corpus`: at most this many ids, "[UNK]" included (default 0 = no limit). */
  maxVocab?: number;
}

export interface WordLevelOptions extends VocabOptions {
  /** Lowercase (full Unicode mapping) before splitting, so "Dog" and "dog" are one word (default false). */
  lowercase?: boolean;
}

/** What {@link TrainOptions.onProgress} receives. */
export interface TrainProgress {
  /** 'count': reading the texts (fraction stays 0); 'merge': learning merges. */
  phase: 'count' | 'merge';
  /** Share of the merges to learn (vocabSize minus the starting vocabulary) that are done, 0 to 1; 1 at the end. */
  fraction: number;
  /** Texts read so far. */
  texts: number;
  /** Merges learned so far. */
  merges: number;
  /** Current vocabulary size (specials, alphabet and merged tokens). */
  vocabSize: number;
}

/**
 * Options of {@link Tokenizer.train}. Defaults are HuggingFace's (`BpeTrainer`, `WordPieceTrainer`
 * and its ready-made ByteLevelBPE / SentencePieceBPE / BertWordPiece tokenizers).
 */
export interface TrainOptions {
  /** 'bpe' (default) or 'wordpiece' (BERT: BertNormalizer, BertPreTokenizer, "##" prefix). */
  model?: 'bpe' | 'wordpiece';
  /** Target vocabulary size, special tokens included (default 30000). Training stops earlier when no pair is left. */
  vocabSize?: number;
  /** A pair seen fewer times than this is not merged (default 0). */
  minFrequency?: number;
  /** Tokens given the first ids, in order; they become special (added) tokens. Default: none for BPE, [PAD] [UNK] [CLS] [SEP] [MASK] for WordPiece. */
  specialTokens?: string[];
  /** The unknown token; added to specialTokens when missing. Default "[UNK]" for WordPiece, none for BPE. */
  unkToken?: string;
  /** BPE only: GPT-2 style ByteLevel pipeline (default true); false = SentencePiece style (NFKC, Metaspace "▁"). */
  byteLevel?: boolean;
  /** Byte-level BPE only: a split regex applied before ByteLevel (which then uses no regex of its own). Default: GPT-2's pattern. */
  pattern?: string;
  /** SentencePiece-style BPE only: add the 256 tokens "<0x00>".."<0xFF>" after the special tokens, for text the vocabulary cannot spell (default false). */
  byteFallback?: boolean;
  /** WordPiece only: lowercase in the BertNormalizer (default true). */
  lowercase?: boolean;
  /**
   * Characters always in the vocabulary, one per string (HuggingFace's initial_alphabet). Default:
   * the 256 characters of the byte-level alphabet for byte-level BPE, none otherwise.
   */
  initialAlphabet?: string[];
  /** Keep at most this many alphabet characters, the most frequent (ties: lower code point kept). Default: no limit. */
  limitAlphabet?: number;
  /** HuggingFace's max_token_length: no merge whose token would reach this many characters (default: no limit). */
  maxTokenLength?: number;
  /** Prefix of non-initial pieces (default "##" for WordPiece, none for BPE). */
  continuingSubwordPrefix?: string;
  /** BPE only: suffix of word-final pieces (default none). */
  endOfWordSuffix?: string;
  /** Called between slices of work (at most every ~30 ms) and once at the end with fraction 1. */
  onProgress?: (progress: TrainProgress) => void;
  /**
   * Stops training: the promise rejects with `signal.reason` (an `AbortError` DOMException when
   * abort() was given none), as fetch does, and the trainer's wasm memory is freed. Checked
   * between slices, so it takes effect within ~30 ms.
   */
  signal?: AbortSignal;
}

/**
 * A tokenizer: text → ids, token strings and offsets, and back. Owns wasm memory until
 * {@link Tokenizer.dispose}; methods throw {@link TokvecError} on bad input (code
 * `invalid_argument` or `out_of_range`) and `disposed` after dispose.
 */
export class Tokenizer {
  private constructor();

  /**
   * A HuggingFace tokenizer.json (text, bytes, or the parsed object). Ids equal HuggingFace
   * `tokenizers`'. Special tokens written in the text are matched, as HuggingFace does.
   * @throws {TokvecError} `parse_error` naming the JSON path of a malformed entry; `unsupported` naming a component type tokvec lacks.
   */
  static fromJSON(json: FileContents | object): Promise<Tokenizer>;
  /**
   * One of tiktoken's encodings from its `.tiktoken` rank file (the ranks are data you supply;
   * tokvec never downloads). Ids equal tiktoken's; special tokens follow tiktoken's rules.
   */
  static fromEncoding(name: EncodingName, ranks: FileContents): Promise<Tokenizer>;
  /** A `.tiktoken` rank file with your own split pattern and special tokens ({ "<|endoftext|>": 100257 }). */
  static fromTiktoken(ranks: FileContents, options: { pattern: string; specialTokens?: Record<string, number> }): Promise<Tokenizer>;
  /** GPT-2's original `encoder.json` and `vocab.bpe`. */
  static fromGpt2Files(encoderJson: FileContents, vocabBpe: FileContents): Promise<Tokenizer>;
  /**
   * BERT's `vocab.txt` with BERT's pipeline, as HuggingFace's BertWordPieceTokenizer builds it:
   * BertNormalizer, BertPreTokenizer, WordPiece ("##", [UNK]), [CLS] … [SEP], WordPiece decoder.
   * Defaults are BERT uncased's; for a cased vocabulary pass `{ lowercase: false }`.
   */
  static fromWordPieceVocab(vocabTxt: FileContents, options?: {
    lowercase?: boolean;
    /** Default: follows `lowercase`, as BERT does. */
    stripAccents?: boolean;
    cleanText?: boolean;
    handleChineseChars?: boolean;
  }): Promise<Tokenizer>;

  /**
   * A SentencePiece `.model` file (`tokenizer.model`, `spiece.model`; UNIGRAM or BPE, e.g. Llama 2,
   * T5), run as SentencePiece itself runs it, so ids equal `SentencePieceProcessor.encode`'s:
   * its normalizer (precompiled charsmap, extra whitespace removed, dummy prefix, spaces as "▁"),
   * Viterbi (UNIGRAM) or merges by piece score (BPE) over the whole text, unknown characters as
   * `<0xNN>` byte pieces when the model has byte fallback, else one fused `<unk>`.
   * User-defined pieces are matched in the text; control pieces (`<s>`, `</s>`) never are.
   * With `addSpecialTokens` (the default) the BOS piece comes first, as
   * `encode(text, add_bos=True)` (Llama's behaviour); no EOS is added. Decoding follows
   * SentencePiece's: control pieces vanish, `<unk>` shows as " ⁇ ", the leading space is dropped.
   * Offsets are SentencePiece's pieces' begin/end (in UTF-16 units here): when a character falls
   * back to `<0xNN>` pieces, the last one covers the character and the others are empty at its
   * start (tokenizer.json tokenizers follow HuggingFace instead: every byte piece covers it).
   * @throws {TokvecError} naming the byte offset and field of a malformed file, or an unsupported model type (WORD, CHAR).
   */
  static fromSentencePiece(model: Uint8Array | ArrayBuffer | ArrayBufferView): Promise<Tokenizer>;

  /**
   * Word-level: a word is a run of word characters (`\w+`) or of other non-space characters
   * (`[^\w\s]+`); whitespace separates. Unknown words become "[UNK]". Decoding joins words with spaces.
   */
  static wordLevel(options: WordLevelOptions): Promise<Tokenizer>;
  /** Character-level: one token per Unicode code point; unseen characters become "[UNK]". Decoding concatenates. */
  static characterLevel(options: VocabOptions): Promise<Tokenizer>;
  /**
   * Byte-level: 256 ids, one per UTF-8 byte, lossless for any text. Token strings are the
   * character itself for printable ASCII and "<0xNN>" for every other byte.
   */
  static byteLevel(): Promise<Tokenizer>;
  /**
   * Trains a BPE or WordPiece tokenizer, as HuggingFace's BpeTrainer / WordPieceTrainer do on the
   * same texts: with the same settings the vocabulary and merges are equal (WordPiece: up to
   * HuggingFace's own hash-order tie-breaks; see src/training/bpe_trainer.h). Each text is
   * normalized and pre-tokenized like the result will be, and every piece counts as a word.
   * Works in Node, the browser and Web Workers; yields to the event loop between slices of work.
   * @param texts An array, or any sync or async iterable, of strings.
   * @throws {TokvecError} `invalid_argument` naming the option or text that is wrong (also when
   *   vocabSize is smaller than the special tokens plus the alphabet); `signal.reason` when aborted.
   */
  static train(texts: Iterable<string> | AsyncIterable<string>, options?: TrainOptions): Promise<Tokenizer>;

  /** One past the largest token id (ids may have holes: cl100k_base has no token 100256). */
  readonly vocabSize: number;
  /** The special tokens, as { content: id }. */
  readonly specialTokens: Record<string, number>;
  /** The truncation tokenizer.json declares (applied by every encode unless overridden), or null. */
  readonly truncation: Required<TruncationOptions> | null;
  /** The padding tokenizer.json declares (applied by every encode unless overridden), or null. */
  readonly padding: Required<PaddingOptions> | null;

  /**
   * Encodes `text` (and `options.pair` after it), then truncates and pads as HuggingFace does:
   * truncation leaves room for the special tokens, cut tokens become `overflowing` encodings,
   * padding comes last. Offsets index the string each token came from (`text` or `pair`).
   * Lone surrogates are read as U+FFFD (as TextEncoder and the reference tokenizers read them);
   * both are one UTF-16 unit, so offsets still index the caller's string.
   * @throws {TokvecError} `invalid_argument` when `text` is not a string, or naming the bad
   * truncation or padding option (a stride too large for what a sequence keeps, 'only_second'
   * without a pair, a sequence too short for 'only_first'/'only_second', ...), or naming an
   * `offsetUnit` other than 'utf16' or 'utf8'.
   */
  encode(text: string, options?: EncodeTextOptions): Encoding;
  /**
   * The n best segmentations (1 ≤ n ≤ 1024), best first, as SentencePiece's NBestEncode (same
   * order and float scores for .model files); each pre-tokenized word has its own n best and the
   * results are the best combinations. Special tokens as `encode` adds them; no truncation or padding.
   * @throws {TokvecError} `unsupported` naming the model type when it is not Unigram.
   */
  encodeNBest(text: string, n: number, options?: EncodeOptions): ScoredSegmentation[];
  /** The ids only, without token strings or offsets: the fast path (tokenizer.json's truncation and padding apply). */
  encodeIds(text: string, options?: EncodeOptions): Uint32Array;
  /** How many tokens `text` encodes to (after tokenizer.json's truncation and padding, if it declares them). */
  countTokens(text: string, options?: EncodeOptions): number;
  /**
   * Many inputs in one call, each a text or a [text, pair]. With padding (of the options or of
   * tokenizer.json) every input is padded to the longest input (or the fixed length).
   * Overflowing pieces are not returned: use {@link Tokenizer.encode} for them.
   */
  encodeBatch(texts: Array<string | [string, string]>, options?: EncodeBatchOptions): BatchEncoding;
  /**
   * Decodes ids to text. Bytes that do not form whole UTF-8 characters become U+FFFD.
   * @throws {TokvecError} `out_of_range` naming the first id that names no token.
   */
  decode(ids: Uint32Array | ArrayLike<number>, options?: DecodeOptions): string;
  /** A streaming decoder: ids in one at a time, complete text out. */
  decoder(options?: DecodeOptions): DecodeStream;
  /** The id of a token string, or undefined when the vocabulary lacks it. */
  tokenToId(token: string): number | undefined;
  /** @throws {TokvecError} `out_of_range` when `id` is not in the vocabulary. */
  idToToken(id: number): string;
  /**
   * The tokenizer.json of a tokenizer made by {@link Tokenizer.train} or {@link Tokenizer.fromJSON}
   * (the source it was built from, which it keeps), as a fresh plain object, so
   * `JSON.stringify(tokenizer)` writes the file. HuggingFace's `tokenizers` loads it and encodes identically.
   * @throws {TokvecError} `unsupported` for tokenizers made otherwise (tiktoken files, vocab.txt, .model, baselines).
   */
  toJSON(): object;
  /** Frees the wasm memory (its decoders' too). Safe to call twice; any later use throws `disposed`. */
  dispose(): void;
  [Symbol.dispose](): void;
}

export { Embeddings, positionalEncoding, textEmbedding } from './embeddings.js';
export type {
  EmbeddingSource, LoadProgress, LoadOptions, TextLoadOptions, SafetensorsLoadOptions, NpyLoadOptions, Term, Query,
  SearchOptions, Neighbor, Projection, TextEmbeddingOptions,
} from './embeddings.js';

/**
 * Where {@link loadTokenizer} and {@link loadEmbeddings} read a file from. A URL (or a string
 * that is an absolute URL) is fetched — in Node `file:` URLs and other strings are file paths,
 * read with fs; in a browser a string is a URL relative to the page. A Response is read as it
 * is. Nothing touches the network unless a URL is given.
 */
export type DataSource = string | URL | Response | Blob | Uint8Array | ArrayBuffer | ArrayBufferView;

export interface LoadTokenizerOptions {
  /** Called as bytes arrive (`total` from Content-Length or the file size, when known), and once at the end. */
  onProgress?: (progress: import('./embeddings.js').LoadProgress) => void;
  /** For a .tiktoken file: the encoding (r50k_base, p50k_base, cl100k_base, o200k_base, gpt2). Default: told by the number of ranks. */
  encoding?: string;
  /** For a vocab.txt: as for {@link Tokenizer.fromWordPieceVocab}. */
  wordPiece?: { lowercase?: boolean; stripAccents?: boolean; cleanText?: boolean; handleChineseChars?: boolean };
}

/**
 * A tokenizer from a file whose format is told by its content: a HuggingFace tokenizer.json, a
 * tiktoken `.tiktoken` rank file (one of tiktoken's encodings), a BERT `vocab.txt` or a
 * SentencePiece `.model`.
 * @throws {TokvecError} `invalid_argument` for a source that cannot be read (naming it, with the
 * HTTP status or the system's message) or options that do not fit the format; `parse_error` for
 * content in none of the formats, and whatever the format's factory throws.
 */
export function loadTokenizer(source: DataSource, options?: LoadTokenizerOptions): Promise<Tokenizer>;

export interface LoadEmbeddingsOptions {
  /** Called as the file is parsed: bytes parsed so far and the size when known. */
  onProgress?: (progress: import('./embeddings.js').LoadProgress) => void;
  /** Row labels for .npy and safetensors files. */
  words?: string[];
  /** The tensor of a safetensors file (may be left out when it holds one). */
  tensor?: string;
  /** Labels a safetensors file's rows by this tokenizer's tokens. */
  tokenizer?: Tokenizer;
}

/**
 * Vectors from a file whose format is told by its content: GloVe text, word2vec text or binary,
 * fastText `.vec`, safetensors, NumPy `.npy` or the wink JSON. The file streams into wasm memory
 * as it arrives.
 * @throws {TokvecError} as {@link loadTokenizer}; `invalid_argument` for an option the format
 * does not take (`words` for a text file, say).
 */
export function loadEmbeddings(source: DataSource, options?: LoadEmbeddingsOptions): Promise<import('./embeddings.js').Embeddings>;

export { Word2Vec } from './embeddings.js';
export type { Word2VecOptions, Word2VecProgress, Word2VecSnapshot } from './embeddings.js';
