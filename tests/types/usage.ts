// Compiled by `tsc --strict --noEmit` in npm test: the public API as a user writes it.
import { Embeddings, Tokenizer, TokvecError, Word2Vec, getLimits, init, loadEmbeddings, loadTokenizer, setLimits, type Encoding, type InitOptions, type Limits, type ScoredSegmentation, type TokvecErrorCode, type TrainProgress, type WasmModuleInfo, type Word2VecProgress, type Word2VecSnapshot } from 'tokvec';

async function main(): Promise<void> {
  const info: WasmModuleInfo = await init();
  const simd: boolean | null = info.simd;
  const scalar: InitOptions = { simd: false };
  const supplied: InitOptions[] = [{ wasm: new Uint8Array(8) }, { wasm: new URL('file:///tokvec.wasm') }, { wasm: 'tokvec.wasm' }, { wasm: new Response(null) }];
  console.log(simd, scalar, supplied);
  const limits: Limits = setLimits({ maxInputBytes: 16 << 20 });
  const vocabCap: number = getLimits().maxVocabSize + limits.maxMatrixBytes;
  console.log(vocabCap);
  const words: Tokenizer = await Tokenizer.wordLevel({ corpus: 'the dog', lowercase: true, minFrequency: 1 });
  const chars = await Tokenizer.characterLevel({ vocab: ['a', 'b'] });
  const bytes = await Tokenizer.byteLevel();
  const e: Encoding = words.encode('Who is Dawg?', { addSpecialTokens: false });
  const ids: Uint32Array = e.ids;
  const first: string | undefined = e.tokens[0];
  const start: number = e.offsets[0];
  const text: string = words.decode(ids, { skipSpecialTokens: true }) + chars.decode([0, 1]);
  const id: number | undefined = words.tokenToId('dog');
  const token: string = bytes.idToToken(65);
  const size: number = bytes.vocabSize;
  try {
    bytes.decode([999]);
  } catch (err) {
    if (err instanceof TokvecError) {
      const code: TokvecErrorCode = err.code;
      console.log(code, err.message);
    }
  }
  console.log(first, start, text, id, token, size);
  words.dispose();
  chars[Symbol.dispose]();
  bytes.dispose();
}

void main();

async function files(ranks: Uint8Array, json: string): Promise<void> {
  const gpt4 = await Tokenizer.fromEncoding('cl100k_base', ranks);
  const hf = await Tokenizer.fromJSON(json);
  const custom = await Tokenizer.fromTiktoken(ranks, { pattern: '\\S+|\\s+', specialTokens: { '<|endoftext|>': 100257 } });
  const ids: Uint32Array = gpt4.encodeIds('hello <|endoftext|>', { allowedSpecial: 'all' });
  const n: number = gpt4.countTokens('hello', { disallowedSpecial: [] });
  const batch = hf.encodeBatch(['a', 'b'], { addSpecialTokens: false });
  const lengths: Uint32Array = batch.lengths;
  const specials: Record<string, number> = gpt4.specialTokens;
  const stream = gpt4.decoder({ skipSpecialTokens: true });
  let text: string = stream.push(ids[0]);
  text += stream.flush();
  stream.dispose();
  console.log(n, lengths, specials, text, custom.vocabSize);
}
void files;

async function truncationAndPadding(json: string): Promise<void> {
  const bert = await Tokenizer.fromJSON(json);
  const e = bert.encode('a question', {
    pair: 'a passage',
    truncation: { maxLength: 384, strategy: 'only_second', stride: 128, direction: 'right' },
    padding: { length: 384, direction: 'left', padToMultipleOf: 8, padId: 0, padTypeId: 0, padToken: '[PAD]' },
  });
  const mask: Uint8Array = e.attentionMask;
  const types: Uint32Array = e.typeIds;
  const pieces: Uint32Array[] = e.overflowing.map((o) => o.ids);
  const bytes: Uint32Array = bert.encode('naïve', { offsetUnit: 'utf8' }).offsets;
  const batch = bert.encodeBatch(['a', ['b', 'c']], { truncation: null, padding: { length: 'longest' } });
  const batchMask: Uint8Array = batch.attentionMask;
  const declared: number | undefined = bert.truncation?.maxLength;
  const padToken: string | undefined = bert.padding?.padToken;
  console.log(mask, types, pieces, bytes, batchMask, batch.typeIds, batch.specialTokensMask, declared, padToken);
  // @ts-expect-error offsets come in UTF-16 code units or UTF-8 bytes only
  bert.encode('naïve', { offsetUnit: 'chars' });
  bert.dispose();
}
void truncationAndPadding;

async function subwordRegularization(model: Uint8Array): Promise<void> {
  const t5 = await Tokenizer.fromSentencePiece(model);
  const drawn: Uint32Array = t5.encode('tokenization', { sample: { alpha: 0.1, nbestSize: -1, seed: 7 } }).ids;
  const best: ScoredSegmentation[] = t5.encodeNBest('tokenization', 4, { addSpecialTokens: false });
  console.log(drawn, best[0].ids, best[0].tokens, best[0].score);
  t5.dispose();
}
void subwordRegularization;

async function vectors(bytes: Uint8Array): Promise<void> {
  const glove = await Embeddings.fromText(bytes, { format: 'glove', onProgress: ({ loaded }) => console.log(loaded) });
  const near = glove.mostSimilar({ positive: ['king', 'woman'], negative: ['man'] }, { topN: 3 });
  const first: string | null = near[0].word;
  const coords: Float32Array = glove.project(['sea', 'tea'], { components: 2 }).coords;
  console.log(first, coords, glove.dim);
  glove.dispose();
}
void vectors;

async function sentencePiece(model: Uint8Array): Promise<void> {
  const llama2 = await Tokenizer.fromSentencePiece(model);
  console.log(llama2.encode('Hello').tokens, llama2.decode(llama2.encodeIds('Hello'), { skipSpecialTokens: true }));
  llama2.dispose();
}
void sentencePiece;

async function loaders(): Promise<void> {
  const progress = ({ loaded, total }: { loaded: number; total: number | undefined }): void => console.log(loaded, total);
  const fromPath: Tokenizer = await loadTokenizer('cl100k_base.tiktoken', { onProgress: progress });
  const named = await loadTokenizer(new Uint8Array(0), { encoding: 'cl100k_base' });
  const bert = await loadTokenizer(new URL('https://example.com/vocab.txt'), { wordPiece: { lowercase: false } });
  const vectors: Embeddings = await loadEmbeddings(new Response(new Uint8Array(0)), { words: ['a'], onProgress: progress });
  const safetensors = await loadEmbeddings(new Blob([]), { tensor: 'wte.weight', tokenizer: fromPath });
  [fromPath, named, bert, vectors, safetensors].forEach((handle) => handle.dispose());
}
void loaders;

async function training(lines: string[]): Promise<void> {
  const controller = new AbortController();
  const bpe = await Tokenizer.train(lines, {
    model: 'bpe', vocabSize: 8000, minFrequency: 2, specialTokens: ['<|endoftext|>'], byteLevel: true,
    initialAlphabet: [], limitAlphabet: 1000, maxTokenLength: 16,
    onProgress: (p: TrainProgress) => console.log(p.phase, p.fraction, p.merges, p.vocabSize, p.texts),
    signal: controller.signal,
  });
  async function* stream(): AsyncGenerator<string> { yield* lines; }
  const bert = await Tokenizer.train(stream(), { model: 'wordpiece', lowercase: false, continuingSubwordPrefix: '##', unkToken: '[UNK]' });
  const sp = await Tokenizer.train(new Set(lines), { byteLevel: false, byteFallback: true });
  const json: object = bpe.toJSON();
  console.log(JSON.stringify(json), bert.vocabSize, sp.toJSON());
  for (const t of [bpe, bert, sp]) t.dispose();
}
void training;

async function word2vec(): Promise<void> {
  const controller = new AbortController();
  const w2v: Embeddings = await Word2Vec.train(['the cat sat', 'the dog sat'], {
    dim: 50, window: 5, negative: 5, minCount: 1, epochs: 5, sample: 1e-3, seed: 1, model: 'cbow', lr: 0.05,
    onProgress: (p: Word2VecProgress) => console.log(p.epoch, p.wordsProcessed, p.fraction, p.loss),
    signal: controller.signal,
  });
  const songs = await Word2Vec.train([['song12', 'song7'], ['song7', 'song3']], { minCount: 1 });
  const ids = await Word2Vec.train([[12, 7], new Uint32Array([7, 3])], { model: 'skipgram' });
  const watched = await Word2Vec.train(['the cat sat'], {
    minCount: 1, snapshotEvery: 1000,
    onProgress: async ({ snapshot }: Word2VecProgress) => {
      if (!snapshot) return;
      const s: Word2VecSnapshot = snapshot;
      const now: Embeddings = await Embeddings.fromArray(s.vectors, s.dim, { words: s.words });
      now.dispose();
    },
  });
  watched.dispose();
  const text: string = w2v.toText();
  const binary: Uint8Array = songs.toBinary();
  console.log(w2v.mostSimilar('cat')[0].word, text, binary, ids.rows);
}
void word2vec;
