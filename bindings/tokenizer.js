// Tokenizer: text → token ids, token strings and offsets, and back.
import {
  TokvecError, init, registry, disposeSymbol, expectString, expectOptions, expectBoolean, expectCount,
  expectStringList, toIdArray,
} from './core.js';

const vocabOptionNames = ['corpus', 'vocab', 'minFrequency', 'maxVocab'];

/** A tokenizer: text → token ids, token strings and offsets, and back. */
export class Tokenizer {
  #core;
  #handle;
  #tokenCache = [];
  #vocabSize;

  /** @internal Use the static factories. */
  constructor(core, handle) {
    this.#core = core;
    this.#handle = handle;
    this.#vocabSize = handle.vocabSize();
    registry?.register(this, handle, this);
  }

  /** Word-level: words and punctuation runs, built from `corpus` or given as `vocab`. */
  static async wordLevel(options) {
    const o = expectOptions(options, 'Tokenizer.wordLevel', [...vocabOptionNames, 'lowercase']);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.wordLevel');
    const lowercase = expectBoolean(o.lowercase, 'Tokenizer.wordLevel: lowercase', false);
    const w = core.writeVocabAndCorpus(vocab, corpus);
    const handle = core.module.wordLevel(w.corpus[0], w.corpus[1], w.vocab.bytes, w.vocab.lengths, w.vocab.count,
      minFrequency, maxVocab, lowercase);
    return new Tokenizer(core, handle);
  }

  /** Character-level: one token per Unicode code point, built from `corpus` or given as `vocab`. */
  static async characterLevel(options) {
    const o = expectOptions(options, 'Tokenizer.characterLevel', vocabOptionNames);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.characterLevel');
    const w = core.writeVocabAndCorpus(vocab, corpus);
    const handle = core.module.characterLevel(w.corpus[0], w.corpus[1], w.vocab.bytes, w.vocab.lengths, w.vocab.count,
      minFrequency, maxVocab);
    return new Tokenizer(core, handle);
  }

  /** Byte-level: 256 ids, one per UTF-8 byte; lossless for any text. */
  static async byteLevel() {
    const core = await init();
    return new Tokenizer(core, core.module.byteLevel());
  }

  #live(where) {
    if (!this.#handle) throw new TokvecError('disposed', `Tokenizer.${where}: this tokenizer has been disposed`);
    return this.#handle;
  }

  /** Number of ids in the vocabulary. */
  get vocabSize() {
    this.#live('vocabSize');
    return this.#vocabSize;
  }

  /**
   * Encodes text. Offsets are [start, end) pairs in UTF-16 code units of `text` (what
   * `text.slice` takes). Lone surrogates are read as U+FFFD, as TextEncoder does.
   */
  encode(text, options) {
    const handle = this.#live('encode');
    expectString(text, 'Tokenizer.encode: text');
    const o = expectOptions(options, 'Tokenizer.encode', ['addSpecialTokens']);
    const addSpecialTokens = expectBoolean(o.addSpecialTokens, 'Tokenizer.encode: addSpecialTokens', true);
    const core = this.#core;
    const [[ptr, len]] = core.writeStrings([text]);
    const n = handle.encode(ptr, len, addSpecialTokens);
    const ids = core.copyU32(handle.ids(), n);
    const offsets = core.copyU32(handle.offsets(), 2 * n);
    const specialTokensMask = core.copyU8(handle.specialTokensMask(), n);
    return { ids, tokens: this.#tokens(ids), offsets, specialTokensMask };
  }

  /** Decodes ids to text. An id outside the vocabulary throws (code out_of_range). */
  decode(ids, options) {
    const handle = this.#live('decode');
    const array = toIdArray(ids, 'Tokenizer.decode');
    const o = expectOptions(options, 'Tokenizer.decode', ['skipSpecialTokens']);
    const skip = expectBoolean(o.skipSpecialTokens, 'Tokenizer.decode: skipSpecialTokens', false);
    return handle.decode(this.#core.writeIds(array), array.length, skip);
  }

  /** The id of a token string, or undefined when the vocabulary lacks it. */
  tokenToId(token) {
    const handle = this.#live('tokenToId');
    expectString(token, 'Tokenizer.tokenToId: token');
    const [[ptr, len]] = this.#core.writeStrings([token]);
    const id = handle.tokenToId(ptr, len);
    return id < 0 ? undefined : id;
  }

  /** The token string of an id; throws (code out_of_range) outside the vocabulary. */
  idToToken(id) {
    this.#live('idToToken');
    if (!Number.isInteger(id)) throw new TokvecError('invalid_argument', `Tokenizer.idToToken: expected an integer id, got ${String(id)}`);
    if (id < 0 || id >= this.#vocabSize) {
      throw new TokvecError('out_of_range', `Tokenizer.idToToken: id ${id} is out of range (vocab size ${this.#vocabSize})`);
    }
    return this.#tokens([id])[0];
  }

  // Token strings for ids, fetched from wasm in one call for the ids not yet cached.
  #tokens(ids) {
    const cache = this.#tokenCache;
    const missing = [...new Set(Array.from(ids).filter((id) => cache[id] === undefined))];
    if (missing.length) {
      const core = this.#core;
      const total = this.#handle.tokenStrings(core.writeIds(missing), missing.length);
      const lengths = core.copyU32(this.#handle.lengths(), missing.length);
      const bytesPtr = this.#handle.strings();
      let at = 0;
      missing.forEach((id, i) => {
        cache[id] = core.decodeUtf8(bytesPtr + at, lengths[i]);
        at += lengths[i];
      });
      if (at !== total) throw new TokvecError('internal', 'internal error: token string lengths disagree');
    }
    return Array.from(ids, (id) => cache[id]);
  }

  /** Frees the wasm memory. Safe to call twice; any later use throws (code disposed). */
  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
    this.#tokenCache = [];
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

function vocabArguments(o, where) {
  const hasCorpus = o.corpus !== undefined;
  const hasVocab = o.vocab !== undefined;
  if (hasCorpus === hasVocab) throw new TokvecError('invalid_argument', `${where}: give exactly one of corpus or vocab`);
  if (hasCorpus) expectString(o.corpus, `${where}: corpus`);
  const vocab = hasVocab ? expectStringList(o.vocab, `${where}: vocab`) : [];
  if (hasVocab && vocab.length === 0) throw new TokvecError('invalid_argument', `${where}: vocab must not be empty`);
  return {
    corpus: o.corpus ?? '',
    vocab,
    minFrequency: expectCount(o.minFrequency, `${where}: minFrequency`, 1),
    maxVocab: expectCount(o.maxVocab, `${where}: maxVocab`, 0),
  };
}
