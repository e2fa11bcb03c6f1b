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

/**
 * Loads the wasm module; optional, every factory calls it. Pass `wasm` (the module's bytes, a URL
 * to fetch it from, or a Response) where the default location next to the package's JS does not
 * work. Resolves once; later calls return the same promise.
 */
export function init(options?: { wasm?: ArrayBuffer | ArrayBufferView | URL | string | Response }): Promise<unknown>;

/** What {@link Tokenizer.encode} returns. Every array is a fresh copy the caller owns. */
export interface Encoding {
  /** Token ids. */
  ids: Uint32Array;
  /** The token string of each id, from the vocabulary. */
  tokens: string[];
  /**
   * `[start, end)` pairs, two per token, in UTF-16 code units of the input string: token i
   * covers `text.slice(offsets[2*i], offsets[2*i+1])`. A token holding only part of a character
   * (a byte-level token of an emoji) covers the whole character.
   */
  offsets: Uint32Array;
  /** 1 where the token is a special token, else 0. */
  specialTokensMask: Uint8Array;
}

export interface EncodeOptions {
  /** Add the special tokens the tokenizer's post-processor defines (default true). */
  addSpecialTokens?: boolean;
}

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

/**
 * A tokenizer: text → ids, token strings and offsets, and back. Owns wasm memory until
 * {@link Tokenizer.dispose}; methods throw {@link TokvecError} on bad input (code
 * `invalid_argument` or `out_of_range`) and `disposed` after dispose.
 */
export class Tokenizer {
  private constructor();

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

  /** Number of ids in the vocabulary. */
  readonly vocabSize: number;

  /**
   * Encodes `text`. Lone surrogates are read as U+FFFD (as TextEncoder and the reference
   * tokenizers read them); both are one UTF-16 unit, so offsets still index `text`.
   * @throws {TokvecError} `invalid_argument` when `text` is not a string.
   */
  encode(text: string, options?: EncodeOptions): Encoding;
  /**
   * Decodes ids to text. Bytes that do not form whole UTF-8 characters become U+FFFD.
   * @throws {TokvecError} `out_of_range` naming the first id outside the vocabulary.
   */
  decode(ids: Uint32Array | ArrayLike<number>, options?: DecodeOptions): string;
  /** The id of a token string, or undefined when the vocabulary lacks it. */
  tokenToId(token: string): number | undefined;
  /** @throws {TokvecError} `out_of_range` when `id` is not in the vocabulary. */
  idToToken(id: number): string;
  /** Frees the wasm memory. Safe to call twice; any later use throws `disposed`. */
  dispose(): void;
  [Symbol.dispose](): void;
}
