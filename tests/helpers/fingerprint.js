// One fingerprint of what tokvec computes from fixed inputs, for the determinism cross-check
// (issue 9): the SIMD and the scalar wasm builds, in Node and in Chromium, must give the same one.
// It covers token ids and offsets of real text under three tokenizer families (tiktoken cl100k,
// Llama 3's byte-level BPE tokenizer.json, Mistral's SentencePiece-style BPE with byte fallback),
// seeded Unigram sampling,
// and nearest neighbours, analogies, a PCA projection and a mean-pooled text embedding (word-level
// ids, sinusoidal positions) of GloVe vectors, with every float hashed by its bits. Runs unchanged in Node and in a page, so it
// imports nothing: the caller passes the tokvec module and the file contents.

// Two FNV-1a 32-bit hashes with different offsets: 64 bits, enough to tell runs apart.
class Fnv {
  constructor() {
    this.a = 0x811c9dc5;
    this.b = 0x050c5d1f;
    this.f64 = new Float64Array(1);
    this.f64words = new Uint32Array(this.f64.buffer);
  }

  u32(x) {
    for (let shift = 0; shift < 32; shift += 8) {
      const byte = (x >>> shift) & 0xff;
      this.a = Math.imul(this.a ^ byte, 0x01000193);
      this.b = Math.imul(this.b ^ byte, 0x01000193);
    }
  }

  u32s(array) {
    for (const x of array) this.u32(x);
  }

  number(x) {
    this.f64[0] = x;
    this.u32(this.f64words[0]);
    this.u32(this.f64words[1]);
  }

  floats(array) {
    this.u32s(new Uint32Array(array.buffer, array.byteOffset, array.length));
  }

  hex() {
    return [this.a, this.b].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('');
  }
}

/**
 * inputs: { texts: string[], cl100k: bytes, llama3: bytes, mistral: bytes, unigram: a Unigram
 * tokenizer.json (bytes), vectors: .npy bytes,
 * wordsText: the rows' words, one per line, queries: string[] (words to search from) }.
 * Returns { hash, tokens, floats } — the hash and how many ids and floats went into it.
 */
export async function fingerprint(tokvec, inputs) {
  const { Tokenizer, Embeddings, textEmbedding } = tokvec;
  const hash = new Fnv();
  let tokens = 0;
  let floats = 0;

  const tokenizers = [
    await Tokenizer.fromEncoding('cl100k_base', inputs.cl100k),
    await Tokenizer.fromJSON(inputs.llama3),
    await Tokenizer.fromJSON(inputs.mistral),
  ];
  for (const tokenizer of tokenizers) {
    for (const text of inputs.texts) {
      const encoding = tokenizer.encode(text);
      hash.u32s(encoding.ids);
      hash.u32s(encoding.offsets);
      tokens += encoding.ids.length;
    }
  }

  // Subword regularization: seeded draws from a Unigram model come from tokvec's own generator,
  // so they must be the same everywhere too.
  const unigram = await Tokenizer.fromJSON(inputs.unigram);
  for (const seed of [0, 1, 2 ** 53 - 1]) {
    for (const text of inputs.texts.slice(0, 2)) {
      const encoding = unigram.encode(text, { sample: { alpha: 0.2, seed } });
      hash.u32s(encoding.ids);
      hash.u32s(encoding.offsets);
      tokens += encoding.ids.length;
    }
  }
  unigram.dispose();

  const wordList = inputs.wordsText.split('\n');
  if (wordList.at(-1) === '') wordList.pop();
  const vectors = await Embeddings.fromNpy(inputs.vectors, { words: wordList });
  const hashNeighbours = (list) => {
    for (const n of list) {
      hash.u32(n.index);
      hash.number(n.score);
      floats++;
    }
  };
  const q = inputs.queries;
  for (const word of q) hashNeighbours(vectors.mostSimilar(word, { topN: 10 }));
  for (let i = 0; i + 2 < q.length; i++) {
    hashNeighbours(vectors.mostSimilar({ positive: [q[i + 1], q[i + 2]], negative: [q[i]] }, { topN: 5 }));
    hashNeighbours(vectors.mostSimilarCosmul({ positive: [q[i + 1], q[i + 2]], negative: [q[i]] }, { topN: 5 }));
  }
  const projection = vectors.project(q, { components: 3 });
  hash.floats(projection.coords);
  projection.explained.forEach((x) => hash.number(x));
  floats += projection.coords.length + projection.explained.length;
  const words = await Tokenizer.wordLevel({ vocab: wordList, lowercase: true });
  // Only words the vectors have: the word-level "[UNK]" (id = rows) has no row.
  const sentence = textEmbedding(words, vectors, q.join(' '), { positions: true });
  hash.floats(sentence);
  floats += sentence.length;

  vectors.dispose();
  [...tokenizers, words].forEach((t) => t.dispose());
  return { hash: hash.hex(), tokens, floats };
}
