// The demo's default word vectors, loaded once, in a Web Worker, for the views that need them:
// GloVe 6B, 100 dimensions, the 50,000 most frequent words (scripts/build_demo_data.mjs writes
// both files). The worker reads both files, parses and searches; the page only asks.
import { Remote } from './remote.js';

const vectorsUrl = new URL('data/glove-50k.npy', import.meta.url).href;
const wordsUrl = new URL('data/glove-50k.words.txt', import.meta.url);
// The worker reads the word list itself: handing it 50,000 strings would cost the page a long task.
export const wordsFile = { $lines: wordsUrl.href };

const listeners = new Set();
let loading = null;

// Resolves to { model, remote, ms }: model is the worker's Embeddings (model.call(method, …args)),
// remote the worker; onProgress({ loaded, total }) hears every chunk of the first load.
export function loadGlove(onProgress) {
  if (onProgress) listeners.add(onProgress);
  loading ??= (async () => {
    // Marked so a test can tell the load's main-thread tasks from the page's start-up.
    const start = performance.mark('tokvec:vectors-load').startTime;
    const remote = new Remote();
    const model = await remote.create('Embeddings.fromNpy', { $stream: vectorsUrl }, {
      words: wordsFile,
      total: { $length: vectorsUrl },
      onProgress(progress) {
        for (const listen of listeners) listen(progress);
      },
    });
    listeners.clear();
    return { model, remote, ms: performance.now() - start };
  })();
  return loading;
}
