// A module Web Worker that runs Word2Vec.train off the page's main thread, so the page keeps
// drawing however long training takes. Serve it with the rest of the package's bindings/ folder
// (it imports ./word2vec.js, which loads ../dist/tokvec_core.wasm); the package exports it as
// 'tokvec/word2vec_worker', so `import.meta.resolve('tokvec/word2vec_worker')` finds it. The page side:
//
//   const worker = new Worker('/node_modules/tokvec/bindings/word2vec_worker.js', { type: 'module' });
//   worker.postMessage({ type: 'train', sentences, options });   // options as Word2Vec.train, minus onProgress and signal
//   worker.onmessage = async ({ data }) => {
//     if (data.type === 'progress') bar.value = data.fraction;                  // { epoch, wordsProcessed, fraction, loss, snapshot? }
//     if (data.type === 'done') vectors = await Embeddings.fromArray(data.vectors, data.dim, { words: data.words });
//     if (data.type === 'error') console.error(data.code, data.message);      // a TokvecError's code and message
//   };
//   worker.postMessage({ type: 'abort' });                                      // stops training: an 'error' with name AbortError follows
//
// With options.snapshotEvery, progress messages carry a snapshot ({ vectors, dim, words }, its
// vectors transferred) as Word2Vec.train's onProgress does.
// The vectors come back as one transferred Float32Array (rows × dim, vocabulary order) and the
// words as strings, which Embeddings.fromArray turns into the same Embeddings the worker had.
import { Word2Vec } from './word2vec.js';

let controller = null;

self.onmessage = async ({ data }) => {
  if (data?.type === 'abort') {
    controller?.abort();
    return;
  }
  if (data?.type !== 'train') return;
  controller = new AbortController();
  try {
    const trained = await Word2Vec.train(data.sentences, {
      ...data.options,
      signal: controller.signal,
      onProgress: (p) => self.postMessage({ type: 'progress', ...p }, p.snapshot ? [p.snapshot.vectors.buffer] : []),
    });
    const { rows, dim, words } = trained;
    const vectors = trained.lookup(Uint32Array.from({ length: rows }, (_, i) => i));
    trained.dispose();
    self.postMessage({ type: 'done', dim, words, vectors }, [vectors.buffer]);
  } catch (e) {
    self.postMessage({ type: 'error', name: e?.name ?? 'Error', code: e?.code ?? null, message: String(e?.message ?? e) });
  } finally {
    controller = null;
  }
};
