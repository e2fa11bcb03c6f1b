// Tokenizer: text → token ids, token strings and offsets, and back.
import {
  TokvecError, init, registry, disposeSymbol, describe, encodeList, expectString, expectOptions, expectBoolean,
  expectCount, expectStringList, toIdArray, checkInputLength, textDecoder,
} from './core.js';

const vocabOptionNames = ['corpus', 'vocab', 'minFrequency', 'maxVocab'];
const encodeOptionNames = ['addSpecialTokens', 'allowedSpecial', 'disallowedSpecial'];
const fullEncodeOptionNames = [...encodeOptionNames, 'truncation', 'padding', 'sample'];
const sampleOptionNames = ['alpha', 'nbestSize', 'seed'];
const truncationOptionNames = ['maxLength', 'strategy', 'stride', 'direction'];
const paddingOptionNames = ['length', 'direction', 'padToMultipleOf', 'padId', 'padTypeId', 'padToken'];
// The special-token modes of a call without allowedSpecial/disallowedSpecial: one shared empty array,
// not a new one per call (encodeIds of a 5-byte text: 1.7 -> 1.25 µs).
const noModes = new Uint8Array(0);
const strategies = ['longest_first', 'only_first', 'only_second'];
const directions = ['right', 'left'];

// File contents arrive as a string or bytes; bytes go into wasm as they are.
function fileContents(value, where) {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TokvecError('invalid_argument', `${where}: expected a string or bytes, got ${describe(value)}`);
}

// The index of `value` in `names` (fallback when undefined); anything else throws naming the option.
function oneOf(value, names, where, fallback) {
  if (value === undefined) return fallback;
  const i = names.indexOf(value);
  if (i < 0) {
    const got = typeof value === 'string' ? `"${value}"` : describe(value);
    throw new TokvecError('invalid_argument', `${where}: expected ${names.map((n) => `"${n}"`).join(', ')}, got ${got}`);
  }
  return i;
}

// Truncation, padding and sampling options as the binding reads them: [settings (18 u32), padToken]
// — see TokenizerHandle::options in tokenizer_binding.cc. undefined keeps the tokenizer's own, null
// turns it off.
function encodeSettings(o, where) {
  const s = new Uint32Array(18);
  let padToken = '';
  if (o.truncation === null) {
    s[0] = 1;
  } else if (o.truncation !== undefined) {
    const t = expectOptions(o.truncation, `${where}: truncation`, truncationOptionNames);
    if (t.maxLength === undefined) {
      throw new TokvecError('invalid_argument', `${where}: truncation.maxLength is required (tokens, special tokens included)`);
    }
    s[0] = 2;
    s[1] = expectCount(t.maxLength, `${where}: truncation.maxLength`);
    s[2] = oneOf(t.strategy, strategies, `${where}: truncation.strategy`, 0);
    s[3] = expectCount(t.stride, `${where}: truncation.stride`, 0);
    s[4] = oneOf(t.direction, directions, `${where}: truncation.direction`, 0);
  }
  if (o.padding === null) {
    s[5] = 1;
  } else if (o.padding !== undefined) {
    const p = expectOptions(o.padding, `${where}: padding`, paddingOptionNames);
    s[5] = 2;
    if (p.length !== undefined && p.length !== 'longest') {
      if (!Number.isInteger(p.length) || p.length < 0 || p.length > 0xffffffff) {
        const got = typeof p.length === 'string' ? `"${p.length}"` : String(p.length);
        throw new TokvecError('invalid_argument', `${where}: padding.length: expected a number of tokens or "longest", got ${got}`);
      }
      s[6] = 1;
      s[7] = p.length;
    }
    s[8] = oneOf(p.direction, directions, `${where}: padding.direction`, 0);
    s[9] = expectCount(p.padToMultipleOf, `${where}: padding.padToMultipleOf`, 0);
    s[10] = expectCount(p.padId, `${where}: padding.padId`, 0);
    s[11] = expectCount(p.padTypeId, `${where}: padding.padTypeId`, 0);
    padToken = p.padToken ?? '[PAD]';
    expectString(padToken, `${where}: padding.padToken`);
  }
  if (o.sample !== undefined && o.sample !== null) {
    const p = expectOptions(o.sample, `${where}: sample`, sampleOptionNames);
    if (typeof p.alpha !== 'number' || !Number.isFinite(p.alpha) || p.alpha < 0) {
      throw new TokvecError('invalid_argument', `${where}: sample.alpha: expected a finite number >= 0, got ${String(p.alpha)}`);
    }
    const nbestSize = p.nbestSize ?? -1;
    if (!Number.isInteger(nbestSize) || nbestSize < -1 || nbestSize > 1024) {
      throw new TokvecError('invalid_argument', `${where}: sample.nbestSize: expected a whole number from -1 to 1024, got ${String(p.nbestSize)}`);
    }
    // Without a seed every call draws afresh; with one, the same seed and text give the same tokens.
    const seed = p.seed ?? Math.floor(Math.random() * 2 ** 53);
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new TokvecError('invalid_argument', `${where}: sample.seed: expected a whole number from 0 to 2^53 - 1, got ${String(p.seed)}`);
    }
    s[12] = 1;
    new Int32Array(s.buffer, 13 * 4, 1)[0] = nbestSize;
    new Float64Array(s.buffer, 14 * 4, 1)[0] = p.alpha;
    s[16] = seed % 2 ** 32;
    s[17] = Math.floor(seed / 2 ** 32);
  }
  return [s, padToken];
}

function specialSet(value, where) {
  if (value === 'all') return 'all';
  if (value instanceof Set) value = [...value];
  return new Set(expectStringList(value, where));
}

/** A tokenizer: text → token ids, token strings and offsets, and back. */
export class Tokenizer {
  #core;
  #handle;
  #tokenCache = [];
  #vocabSize;
  #added;           // [{ id, content, special }]
  #tiktokenPolicy;  // tiktoken's defaults for special tokens, else HuggingFace's
  #modesCache = new Map();
  #streams = new Set();
  #source;          // the tokenizer.json (text or bytes) it was built from, for toJSON
  #settings;        // tokenizer.json's { truncation, padding }

  /** @internal Use the static factories. */
  constructor(core, handle, source) {
    this.#core = core;
    this.#handle = handle;
    this.#source = source;
    this.#vocabSize = handle.vocabSize();
    this.#added = JSON.parse(handle.addedTokens());
    this.#tiktokenPolicy = handle.tiktokenPolicy();
    this.#settings = JSON.parse(handle.settings());
    registry?.register(this, handle, this);
  }

  /** A HuggingFace tokenizer.json, as text, bytes or a parsed object. */
  static async fromJSON(json) {
    if (json !== null && typeof json === 'object' && !ArrayBuffer.isView(json) && !(json instanceof ArrayBuffer)) {
      json = JSON.stringify(json);
    }
    const contents = fileContents(json, 'Tokenizer.fromJSON');
    const core = await init();
    const [[ptr, len]] = core.write(contents);
    return new Tokenizer(core, core.module.fromJSON(ptr, len), contents instanceof Uint8Array ? contents.slice() : contents);
  }

  /**
   * Trains a BPE or WordPiece tokenizer on texts (an array or iterable of strings), as
   * HuggingFace's BpeTrainer / WordPieceTrainer would. See index.d.ts for the options. Its
   * wrapper (training.js) is imported here, with the training module it drives, so an
   * application that never trains loads neither.
   */
  static async train(texts, options) {
    const { trainTokenizer } = await import('./training.js');
    return trainTokenizer(texts, options, (json) => Tokenizer.fromJSON(json));
  }

  /**
   * The tokenizer.json this tokenizer was built from (by fromJSON or train), as a plain object, so
   * JSON.stringify(tokenizer) writes the file. Other tokenizers throw (code unsupported).
   */
  toJSON() {
    this.#live('toJSON');
    if (this.#source === undefined) {
      throw new TokvecError('unsupported', 'Tokenizer.toJSON: only tokenizers made by Tokenizer.fromJSON or Tokenizer.train have a tokenizer.json');
    }
    return JSON.parse(typeof this.#source === 'string' ? this.#source : textDecoder.decode(this.#source));
  }

  /** One of tiktoken's encodings by name (r50k_base, p50k_base, cl100k_base, o200k_base), from its .tiktoken file. */
  static async fromEncoding(name, ranks) {
    expectString(name, 'Tokenizer.fromEncoding: name');
    const contents = fileContents(ranks, 'Tokenizer.fromEncoding: ranks');
    const core = await init();
    const [[namePtr, nameLen], [ptr, len]] = core.write(name, contents);
    return new Tokenizer(core, core.module.fromEncoding(namePtr, nameLen, ptr, len));
  }

  /** A .tiktoken rank file with your own split pattern and special tokens ({ content: id }). */
  static async fromTiktoken(ranks, options) {
    const contents = fileContents(ranks, 'Tokenizer.fromTiktoken: ranks');
    const o = expectOptions(options, 'Tokenizer.fromTiktoken', ['pattern', 'specialTokens']);
    expectString(o.pattern, 'Tokenizer.fromTiktoken: pattern');
    const specials = o.specialTokens ?? {};
    if (specials === null || typeof specials !== 'object' || Array.isArray(specials)) {
      throw new TokvecError('invalid_argument', `Tokenizer.fromTiktoken: specialTokens must be an object of { token: id }, got ${describe(specials)}`);
    }
    const names = Object.keys(specials);
    const ids = new Uint32Array(names.map((n) => expectCount(specials[n], `Tokenizer.fromTiktoken: specialTokens["${n}"]`)));
    const list = encodeList(names);
    const core = await init();
    const [[ptr, len], [patternPtr, patternLen], [bytesPtr], [lengthsPtr], [idsPtr]] =
      core.write(contents, o.pattern, list.bytes, list.lengths, ids);
    return new Tokenizer(core, core.module.fromTiktoken(ptr, len, patternPtr, patternLen, bytesPtr, lengthsPtr, idsPtr, names.length));
  }

  /** GPT-2's original encoder.json and vocab.bpe. */
  static async fromGpt2Files(encoderJson, vocabBpe) {
    const encoder = fileContents(encoderJson, 'Tokenizer.fromGpt2Files: encoderJson');
    const vocab = fileContents(vocabBpe, 'Tokenizer.fromGpt2Files: vocabBpe');
    const core = await init();
    const [[ePtr, eLen], [vPtr, vLen]] = core.write(encoder, vocab);
    return new Tokenizer(core, core.module.fromGpt2Files(ePtr, eLen, vPtr, vLen));
  }

  /**
   * BERT's vocab.txt with BERT's pipeline (BertNormalizer, BertPreTokenizer, WordPiece, [CLS] … [SEP]).
   * Options default to BERT uncased: lowercase true; stripAccents follows lowercase unless given.
   */
  static async fromWordPieceVocab(vocabTxt, options) {
    const contents = fileContents(vocabTxt, 'Tokenizer.fromWordPieceVocab: vocab');
    const o = expectOptions(options, 'Tokenizer.fromWordPieceVocab', ['lowercase', 'stripAccents', 'cleanText', 'handleChineseChars']);
    const lowercase = expectBoolean(o.lowercase, 'Tokenizer.fromWordPieceVocab: lowercase', true);
    const stripAccents = o.stripAccents === undefined ? 2 : Number(expectBoolean(o.stripAccents, 'Tokenizer.fromWordPieceVocab: stripAccents', false));
    const cleanText = expectBoolean(o.cleanText, 'Tokenizer.fromWordPieceVocab: cleanText', true);
    const chinese = expectBoolean(o.handleChineseChars, 'Tokenizer.fromWordPieceVocab: handleChineseChars', true);
    const core = await init();
    const [[ptr, len]] = core.write(contents);
    return new Tokenizer(core, core.module.fromWordPieceVocab(ptr, len, lowercase, stripAccents, cleanText, chinese));
  }

  /**
   * A SentencePiece .model (tokenizer.model, spiece.model; UNIGRAM or BPE), run as SentencePiece
   * runs it. With special tokens (the default) the BOS piece comes first, as encode(text, add_bos=True).
   */
  static async fromSentencePiece(model) {
    if (typeof model === 'string') {
      throw new TokvecError('invalid_argument', 'Tokenizer.fromSentencePiece: model: expected bytes (a .model file is binary protobuf), got a string');
    }
    const contents = fileContents(model, 'Tokenizer.fromSentencePiece: model');
    const core = await init();
    const [[ptr, len]] = core.write(contents);
    return new Tokenizer(core, core.module.fromSentencePiece(ptr, len));
  }

  /** Word-level: words and punctuation runs, built from `corpus` or given as `vocab`. */
  static async wordLevel(options) {
    const o = expectOptions(options, 'Tokenizer.wordLevel', [...vocabOptionNames, 'lowercase']);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.wordLevel');
    const lowercase = expectBoolean(o.lowercase, 'Tokenizer.wordLevel: lowercase', false);
    const [[cPtr, cLen], [bytesPtr], [lengthsPtr, count]] = core.write(corpus, vocab.bytes, vocab.lengths);
    const handle = core.module.wordLevel(cPtr, cLen, bytesPtr, lengthsPtr, count, minFrequency, maxVocab, lowercase);
    return new Tokenizer(core, handle);
  }

  /** Character-level: one token per Unicode code point, built from `corpus` or given as `vocab`. */
  static async characterLevel(options) {
    const o = expectOptions(options, 'Tokenizer.characterLevel', vocabOptionNames);
    const core = await init();
    const { corpus, vocab, minFrequency, maxVocab } = vocabArguments(o, 'Tokenizer.characterLevel');
    const [[cPtr, cLen], [bytesPtr], [lengthsPtr, count]] = core.write(corpus, vocab.bytes, vocab.lengths);
    const handle = core.module.characterLevel(cPtr, cLen, bytesPtr, lengthsPtr, count, minFrequency, maxVocab);
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

  /** One past the largest token id. */
  get vocabSize() {
    this.#live('vocabSize');
    return this.#vocabSize;
  }

  /** The special tokens, as { content: id }. */
  get specialTokens() {
    this.#live('specialTokens');
    return Object.fromEntries(this.#added.filter((t) => t.special).map((t) => [t.content, t.id]));
  }

  /** The truncation tokenizer.json declares (encode applies it unless told otherwise), or null. */
  get truncation() {
    this.#live('truncation');
    return this.#settings.truncation && { ...this.#settings.truncation };
  }

  /** The padding tokenizer.json declares (encode applies it unless told otherwise), or null. */
  get padding() {
    this.#live('padding');
    return this.#settings.padding && { ...this.#settings.padding };
  }

  // [addSpecialTokens, modes]: modes is a Uint8Array (one per added token: 0 text, 1 match,
  // 2 error) or null for the tokenizer's own policy.
  #encodeArguments(options, where, names = encodeOptionNames) {
    const o = expectOptions(options, where, names);
    const addSpecialTokens = expectBoolean(o.addSpecialTokens, `${where}: addSpecialTokens`, true);
    if (o.allowedSpecial === undefined && o.disallowedSpecial === undefined) return [addSpecialTokens, null];
    const key = JSON.stringify([o.allowedSpecial instanceof Set ? [...o.allowedSpecial] : o.allowedSpecial,
      o.disallowedSpecial instanceof Set ? [...o.disallowedSpecial] : o.disallowedSpecial]);
    let modes = this.#modesCache.get(key);
    if (!modes) {
      // tiktoken's rules: allowed ones are matched; of the rest, disallowed ones are errors and
      // others are ordinary text. Defaults follow the tokenizer's own library.
      const allowed = specialSet(o.allowedSpecial ?? (this.#tiktokenPolicy ? [] : 'all'), `${where}: allowedSpecial`);
      const disallowed = specialSet(o.disallowedSpecial ?? (this.#tiktokenPolicy ? 'all' : []), `${where}: disallowedSpecial`);
      const known = new Set(this.#added.filter((t) => t.special).map((t) => t.content));
      for (const set of [allowed, disallowed]) {
        if (set === 'all') continue;
        for (const name of set) {
          if (!known.has(name)) throw new TokvecError('invalid_argument', `${where}: "${name}" is not a special token of this tokenizer`);
        }
      }
      modes = new Uint8Array(this.#added.map((t) => {
        if (!t.special || allowed === 'all' || allowed.has(t.content)) return 1;
        return disallowed === 'all' || disallowed.has(t.content) ? 2 : 0;
      }));
      if (this.#modesCache.size > 16) this.#modesCache.clear();
      this.#modesCache.set(key, modes);
    }
    return [addSpecialTokens, modes];
  }

  /**
   * Encodes text (and `pair` after it). Offsets are [start, end) pairs in UTF-16 code units of the
   * text each token came from (what `text.slice` takes), or with offsetUnit 'utf8' in bytes of its
   * UTF-8 (what TextEncoder gives). Lone surrogates are read as U+FFFD, as TextEncoder does.
   */
  encode(text, options) {
    const handle = this.#live('encode');
    expectString(text, 'Tokenizer.encode: text');
    const where = 'Tokenizer.encode';
    checkInputLength(text, where);
    const [addSpecialTokens, modes] = this.#encodeArguments(options, where, [...fullEncodeOptionNames, 'pair', 'offsetUnit']);
    const o = options ?? {};
    const utf16 = oneOf(o.offsetUnit, ['utf16', 'utf8'], `${where}: offsetUnit`, 0) === 0;
    if (o.pair !== undefined) {
      expectString(o.pair, `${where}: pair`);
      checkInputLength(o.pair, `${where}: pair`);
    }
    const [settings, padToken] = encodeSettings(o, where);
    const core = this.#core;
    const [[ptr, len], [pPtr, pLen], [mPtr, mLen], [sPtr], [tPtr, tLen]] =
      core.write(text, o.pair ?? '', modes ?? noModes, settings, padToken);
    handle.encode(ptr, len, pPtr, pLen, o.pair !== undefined, addSpecialTokens, mPtr, mLen, sPtr, tPtr, tLen);
    // The encodings come flattened depth-first: each one, then its overflowing pieces.
    let next = 0;
    const read = () => {
      const i = next++;
      const encoding = this.#readEncoding(handle, i, utf16);
      const pieces = handle.overflowCount(i);
      for (let k = 0; k < pieces; k++) encoding.overflowing.push(read());
      return encoding;
    };
    return read();
  }

  // Encoding i of the handle's last encode, its offsets in UTF-16 code units or else in bytes.
  #readEncoding(handle, i, utf16 = true) {
    const core = this.#core;
    const n = handle.select(i, utf16);
    const ids = core.copyU32(handle.ids(), n);
    const offsets = core.copyU32(handle.offsets(), 2 * n);
    const specialTokensMask = core.copyU8(handle.specialTokensMask(), n);
    const typeIds = core.copyU32(handle.typeIds(), n);
    const attentionMask = core.copyU8(handle.attentionMask(), n);
    // Tokens shown as other text: added tokens that matched with the spaces lstrip/rstrip took
    // (HuggingFace's tokens), and padding whose padToken is not the pad id's token.
    const matched = handle.textCount();
    let texts = null;
    if (matched > 0) {
      const indices = core.copyU32(handle.textIndices(), matched);
      const lengths = core.copyU32(handle.lengths(), matched);
      const bytes = core.copyU8(handle.strings(), lengths.reduce((a, b) => a + b, 0));
      texts = new Map();
      let at = 0;
      indices.forEach((index, k) => {
        texts.set(index, textDecoder.decode(bytes.subarray(at, at + lengths[k])));
        at += lengths[k];
      });
    }
    const tokens = this.#tokens(ids, texts);
    return { ids, tokens, offsets, specialTokensMask, typeIds, attentionMask, overflowing: [] };
  }

  /**
   * The n best segmentations of text (Unigram models: SentencePiece's NBestEncode), best first,
   * each with its model score (the sum of its pieces' log probabilities). Special tokens as
   * encode adds them; no truncation or padding. Other models throw (code unsupported).
   */
  encodeNBest(text, n, options) {
    const handle = this.#live('encodeNBest');
    const where = 'Tokenizer.encodeNBest';
    expectString(text, `${where}: text`);
    checkInputLength(text, where);
    if (!Number.isInteger(n) || n < 1 || n > 1024) {
      throw new TokvecError('invalid_argument', `${where}: n: expected a whole number from 1 to 1024, got ${String(n)}`);
    }
    const [addSpecialTokens, modes] = this.#encodeArguments(options, where);
    const [[ptr, len], [mPtr, mLen]] = this.#core.write(text, modes ?? noModes);
    const count = handle.encodeNBest(ptr, len, n, addSpecialTokens, mPtr, mLen);
    const results = [];
    for (let i = 0; i < count; i++) {
      const { ids, tokens } = this.#readEncoding(handle, i);
      results.push({ ids, tokens, score: handle.score(i) });
    }
    return results;
  }

  /** Token ids only: the fast path. */
  encodeIds(text, options) {
    const handle = this.#live('encodeIds');
    expectString(text, 'Tokenizer.encodeIds: text');
    checkInputLength(text, 'Tokenizer.encodeIds');
    const [addSpecialTokens, modes] = this.#encodeArguments(options, 'Tokenizer.encodeIds');
    const [[ptr, len], [mPtr, mLen]] = this.#core.write(text, modes ?? noModes);
    const n = handle.encodeIds(ptr, len, addSpecialTokens, mPtr, mLen);
    return this.#core.copyU32(handle.ids(), n);
  }

  /** How many tokens `text` encodes to. */
  countTokens(text, options) {
    const handle = this.#live('countTokens');
    expectString(text, 'Tokenizer.countTokens: text');
    checkInputLength(text, 'Tokenizer.countTokens');
    const [addSpecialTokens, modes] = this.#encodeArguments(options, 'Tokenizer.countTokens');
    const [[ptr, len], [mPtr, mLen]] = this.#core.write(text, modes ?? noModes);
    return handle.encodeIds(ptr, len, addSpecialTokens, mPtr, mLen);
  }

  /**
   * Many inputs (a text, or [text, pair]) in one call: every id in `ids`, each input's count in
   * `lengths`, and the type ids and masks laid out as the ids. With padding every input gets the
   * same count (the longest, unless a length is given).
   */
  encodeBatch(texts, options) {
    const handle = this.#live('encodeBatch');
    const where = 'Tokenizer.encodeBatch';
    if (!Array.isArray(texts)) throw new TokvecError('invalid_argument', `${where}: texts: expected an array of strings or [text, pair] arrays, got ${describe(texts)}`);
    const firsts = [];
    const pairs = [];
    const hasPair = new Uint8Array(texts.length);
    texts.forEach((t, i) => {
      if (Array.isArray(t)) {
        if (t.length !== 2) throw new TokvecError('invalid_argument', `${where}: texts[${i}]: expected [text, pair], got an array of ${t.length}`);
        expectString(t[0], `${where}: texts[${i}][0]`);
        expectString(t[1], `${where}: texts[${i}][1]`);
        checkInputLength(t[0], `${where}: texts[${i}][0]`);
        checkInputLength(t[1], `${where}: texts[${i}][1]`);
        firsts.push(t[0]);
        pairs.push(t[1]);
        hasPair[i] = 1;
      } else {
        expectString(t, `${where}: texts[${i}]`);
        checkInputLength(t, `${where}: texts[${i}]`);
        firsts.push(t);
      }
    });
    const [addSpecialTokens, modes] = this.#encodeArguments(options, where, fullEncodeOptionNames);
    const [settings, padToken] = encodeSettings(options ?? {}, where);
    const list = encodeList([...firsts, ...pairs]);
    const core = this.#core;
    const [[bPtr], [lPtr], [pPtr, count], [mPtr, mLen], [sPtr], [tPtr, tLen]] =
      core.write(list.bytes, list.lengths, hasPair, modes ?? noModes, settings, padToken);
    const total = handle.encodeBatch(bPtr, lPtr, count, pPtr, addSpecialTokens, mPtr, mLen, sPtr, tPtr, tLen);
    return {
      ids: core.copyU32(handle.ids(), total),
      lengths: core.copyU32(handle.lengths(), count),
      typeIds: core.copyU32(handle.typeIds(), total),
      attentionMask: core.copyU8(handle.attentionMask(), total),
      specialTokensMask: core.copyU8(handle.specialTokensMask(), total),
    };
  }

  /** Decodes ids to text. An id that names no token throws (code out_of_range). */
  decode(ids, options) {
    const handle = this.#live('decode');
    const array = toIdArray(ids, 'Tokenizer.decode');
    const o = expectOptions(options, 'Tokenizer.decode', ['skipSpecialTokens']);
    const skip = expectBoolean(o.skipSpecialTokens, 'Tokenizer.decode: skipSpecialTokens', false);
    const [[ptr, count]] = this.#core.write(array);
    const n = handle.decode(ptr, count, skip);
    return this.#core.readText(handle.strings(), n);
  }

  /**
   * A streaming decoder: push ids one at a time; each push returns only text that is complete,
   * so a character split across tokens never shows as U+FFFD. Dispose it, or the tokenizer.
   */
  decoder(options) {
    const handle = this.#live('decoder');
    const o = expectOptions(options, 'Tokenizer.decoder', ['skipSpecialTokens']);
    const skip = expectBoolean(o.skipSpecialTokens, 'Tokenizer.decoder: skipSpecialTokens', false);
    return new DecodeStream(this.#core.module.decodeStream(handle, skip), this, this.#streams, this.#core);
  }

  /** The id of a token string, or undefined when the vocabulary lacks it. */
  tokenToId(token) {
    const handle = this.#live('tokenToId');
    expectString(token, 'Tokenizer.tokenToId: token');
    const [[ptr, len]] = this.#core.write(token);
    const id = handle.tokenToId(ptr, len);
    return id < 0 ? undefined : id;
  }

  /** The token string of an id; throws (code out_of_range) for an id that names no token. */
  idToToken(id) {
    this.#live('idToToken');
    if (!Number.isInteger(id)) throw new TokvecError('invalid_argument', `Tokenizer.idToToken: expected an integer id, got ${String(id)}`);
    if (id < 0 || id >= this.#vocabSize) {
      throw new TokvecError('out_of_range', `Tokenizer.idToToken: id ${id} is out of range (vocab size ${this.#vocabSize})`);
    }
    return this.#tokens([id])[0];
  }

  // Token strings for ids, fetched from wasm in one call for the ids not yet cached; `texts`
  // (index → string) gives the tokens shown as other text.
  #tokens(ids, texts = null) {
    const cache = this.#tokenCache;
    const missing = [...new Set(Array.from(ids).filter((id, i) => cache[id] === undefined && !texts?.has(i)))];
    if (missing.length) {
      const core = this.#core;
      const [[idsPtr, count]] = core.write(new Uint32Array(missing));
      const total = this.#handle.tokenStrings(idsPtr, count);
      const lengths = core.copyU32(this.#handle.lengths(), count);
      const bytes = core.copyU8(this.#handle.strings(), total);
      let at = 0;
      missing.forEach((id, i) => {
        cache[id] = textDecoder.decode(bytes.subarray(at, at + lengths[i]));
        at += lengths[i];
      });
    }
    return Array.from(ids, (id, i) => texts?.get(i) ?? cache[id]);
  }

  /** Frees the wasm memory (and that of its open decoders). Safe to call twice; later use throws (code disposed). */
  dispose() {
    if (!this.#handle) return;
    for (const stream of this.#streams) stream.dispose();
    registry?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
    this.#tokenCache = [];
    this.#source = undefined;
  }

  [disposeSymbol]() {
    this.dispose();
  }
}

/** What Tokenizer.decoder() returns. */
class DecodeStream {
  #handle;
  #tokenizer;  // held so the tokenizer outlives its decoders even when only they are referenced
  #owner;
  #core;

  constructor(handle, tokenizer, owner, core) {
    this.#handle = handle;
    this.#tokenizer = tokenizer;
    this.#owner = owner;
    this.#core = core;
    owner.add(this);
    registry?.register(this, handle, this);
  }

  #live(where) {
    if (!this.#handle) throw new TokvecError('disposed', `decoder.${where}: this decoder (or its tokenizer) has been disposed`);
    return this.#handle;
  }

  /** Adds one id; returns the text it completes (often ''). */
  push(id) {
    const handle = this.#live('push');
    if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) {
      throw new TokvecError('invalid_argument', `decoder.push: expected a token id, got ${String(id)}`);
    }
    const n = handle.push(id);
    return n === 0 ? '' : this.#core.readText(handle.text(), n);
  }

  /** Returns whatever is held back (even an incomplete character, as U+FFFD) and starts afresh. */
  flush() {
    const handle = this.#live('flush');
    const n = handle.flush();
    return n === 0 ? '' : this.#core.readText(handle.text(), n);
  }

  dispose() {
    if (!this.#handle) return;
    registry?.unregister(this);
    this.#owner.delete(this);
    this.#handle.delete();
    this.#handle = null;
    this.#tokenizer = null;
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
    vocab: encodeList(vocab),
    minFrequency: expectCount(o.minFrequency, `${where}: minFrequency`, 1),
    maxVocab: expectCount(o.maxVocab, `${where}: maxVocab`, 0),
  };
}
