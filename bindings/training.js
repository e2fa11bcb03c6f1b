// Tokenizer.train: drives the wasm TokenizerTrainer (src/training/) in slices. A synchronous wasm
// call cannot see an AbortSignal fire or let a page repaint, so texts are fed in batches and merges
// done a few at a time, and between slices of at most ~30 ms the loop reports progress and yields
// to the event loop. Nothing here touches the DOM: it runs in a Web Worker as it runs in Node.
// The trainer lives in the training module (initTraining); the trained tokenizer crosses to the
// core as its tokenizer.json text.
import { TokvecError, initTraining, describe, encodeList, expectOptions } from './core.js';

const WHERE = 'Tokenizer.train';
const OPTION_NAMES = [
  'model', 'vocabSize', 'minFrequency', 'specialTokens', 'unkToken', 'byteLevel', 'pattern', 'byteFallback',
  'lowercase', 'initialAlphabet', 'limitAlphabet', 'maxTokenLength', 'continuingSubwordPrefix', 'endOfWordSuffix',
  'onProgress', 'signal',
];
const SLICE_MS = 30;
const BATCH_BYTES = 1 << 18;
const STEP_MERGES = 64;

const yieldToEventLoop = () => new Promise((resolve) => setTimeout(resolve, 0));

function checkSignal(signal) {
  if (signal?.aborted) throw signal.reason ?? new TokvecError('aborted', `${WHERE}: aborted`);
}

function textSource(texts) {
  if (typeof texts === 'string' || texts === null || typeof texts !== 'object' ||
      (typeof texts[Symbol.iterator] !== 'function' && typeof texts[Symbol.asyncIterator] !== 'function')) {
    throw new TokvecError('invalid_argument', `${WHERE}: texts must be an array or iterable of strings, got ${typeof texts === 'string' ? 'a string' : describe(texts)}`);
  }
  return texts;
}

/**
 * Trains a tokenizer and returns its tokenizer.json text. `fromJSON` is Tokenizer.fromJSON, passed
 * in so this module does not import tokenizer.js.
 */
export async function trainTokenizer(texts, options, fromJSON) {
  const o = expectOptions(options, WHERE, OPTION_NAMES);
  const { onProgress, signal, ...settings } = o;
  textSource(texts);
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TokvecError('invalid_argument', `${WHERE}: options.onProgress must be a function, got ${describe(onProgress)}`);
  }
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw new TokvecError('invalid_argument', `${WHERE}: options.signal must be an AbortSignal, got ${describe(signal)}`);
  }
  checkSignal(signal);
  const train = await initTraining();
  const [[optionsPtr, optionsLen]] = train.write(JSON.stringify(settings));
  const handle = train.module.createTrainer(optionsPtr, optionsLen);
  try {
    let sliceStart = performance.now();
    const pause = async (report) => {
      if (performance.now() - sliceStart < SLICE_MS) return;
      report?.();
      await yieldToEventLoop();
      checkSignal(signal);
      sliceStart = performance.now();
    };

    let batch = [];
    let batchBytes = 0;
    let count = 0;
    const flush = () => {
      if (!batch.length) return;
      const list = encodeList(batch);
      const [[bytesPtr], [lengthsPtr, n]] = train.write(list.bytes, list.lengths);
      handle.feed(bytesPtr, lengthsPtr, n);
      batch = [];
      batchBytes = 0;
    };
    const countProgress = () => onProgress?.({ phase: 'count', fraction: 0, texts: count, merges: 0, vocabSize: 0 });
    const add = async (text) => {
      if (typeof text !== 'string') {
        throw new TokvecError('invalid_argument', `${WHERE}: texts[${count}] must be a string, got ${describe(text)}`);
      }
      batch.push(text);
      batchBytes += text.length;
      count++;
      if (batchBytes >= BATCH_BYTES) {
        flush();
        await pause(countProgress);
      }
    };
    if (typeof texts[Symbol.iterator] === 'function') {
      for (const text of texts) await add(text);
    } else {
      for await (const text of texts) await add(text);
    }
    flush();
    checkSignal(signal);

    const mergeProgress = () => onProgress?.({
      phase: 'merge', fraction: handle.fraction(), texts: count, merges: handle.merges(), vocabSize: handle.vocabSize(),
    });
    while (!handle.step(STEP_MERGES)) await pause(mergeProgress);
    mergeProgress();
    checkSignal(signal);  // an abort from the last progress call still counts
    return await fromJSON(handle.toJSON());
  } finally {
    handle.delete();
  }
}
