// The demo's default word vectors, loaded once for the views that need them: GloVe 6B, 100
// dimensions, the 50,000 most frequent words (scripts/build_demo_data.mjs writes both files).
import { Embeddings } from 'tokvec';

const vectorsUrl = new URL('data/glove-50k.npy', import.meta.url);
const wordsUrl = new URL('data/glove-50k.words.txt', import.meta.url);

async function fetchOk(url) {
  const response = await fetch(url);
  // The files are made by the build (scripts/build_demo_data.mjs), which npm start runs.
  if (!response.ok) throw new Error(`could not load ${url.pathname} (${response.status}); npm start builds it`);
  return response;
}

const listeners = new Set();
let loading = null;

// Resolves to { model, ms }; onProgress({ loaded, total }) hears every chunk of the first load.
export function loadGlove(onProgress) {
  if (onProgress) listeners.add(onProgress);
  loading ??= (async () => {
    const start = performance.now();
    const [vectors, wordsText] = await Promise.all([fetchOk(vectorsUrl), fetchOk(wordsUrl).then((r) => r.text())]);
    const words = wordsText.split('\n');
    if (words.at(-1) === '') words.pop();
    const total = Number(vectors.headers.get('Content-Length')) || undefined;
    const model = await Embeddings.fromNpy(vectors.body, {
      words,
      total,
      onProgress(progress) {
        for (const listen of listeners) listen(progress);
      },
    });
    listeners.clear();
    return { model, ms: performance.now() - start };
  })();
  return loading;
}
