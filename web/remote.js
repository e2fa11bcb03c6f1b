// The page's side of web/worker.js: a Remote is one worker; create() builds a package object
// there and returns a RemoteObject whose summary fields (vocabSize, rows, dim, …) are plain
// properties and whose methods are called with call(), which resolves to the method's result.
export class RemoteError extends Error {
  constructor({ message, code, name }) {
    super(message);
    // An abort keeps its name, so a page can tell a cancelled request from a failed one.
    this.name = name === 'AbortError' ? name : 'RemoteError';
    this.code = code;
  }
}

export class RemoteObject {
  #remote;
  constructor(remote, summary) {
    this.#remote = remote;
    Object.assign(this, summary);
  }

  call(method, ...args) {
    return this.#remote.request({ op: 'call', handle: this.handle, method, args });
  }

  // A method whose result stays in the worker (a decode stream).
  async callRemote(method, ...args) {
    return new RemoteObject(this.#remote, await this.call(method, ...args));
  }

  get(property) {
    return this.#remote.request({ op: 'get', handle: this.handle, method: property });
  }

  dispose() {
    return this.#remote.request({ op: 'dispose', handle: this.handle });
  }
}

export class Remote {
  #worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  #pending = new Map();
  #next = 1;

  constructor() {
    this.#worker.onmessage = ({ data }) => {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      if ('progress' in data) {
        pending.onProgress?.(data.progress);
        return;
      }
      this.#pending.delete(data.id);
      if (data.error) pending.reject(new RemoteError(data.error));
      else pending.resolve(data.result);
    };
    // A worker that fails to start fails every request, rather than leaving them waiting.
    this.#worker.onerror = (event) => {
      event.preventDefault?.();
      for (const pending of this.#pending.values()) pending.reject(new Error(`the worker failed: ${event.message ?? 'could not start'}`));
      this.#pending.clear();
    };
  }

  request(message, onProgress, signal) {
    const id = this.#next++;
    signal?.addEventListener('abort', () => this.#worker.postMessage({ op: 'abort', handle: id }), { once: true });
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, onProgress });
      this.#worker.postMessage({ id, ...message });
    });
  }

  // factory: 'Tokenizer.fromJSON' etc. An onProgress function among the options is heard here; an
  // AbortSignal among them aborts the worker's side.
  async create(factory, ...args) {
    let onProgress;
    let signal;
    const sent = args.map((arg) => {
      if (!arg || typeof arg !== 'object' || Object.getPrototypeOf(arg) !== Object.prototype) return arg;
      const out = { ...arg };
      if (typeof arg.onProgress === 'function') {
        onProgress = arg.onProgress;
        out.onProgress = '$progress';
      }
      if (arg.signal) {
        signal = arg.signal;
        out.signal = '$signal';
      }
      return out;
    });
    return new RemoteObject(this, await this.request({ op: 'create', factory, args: sent }, onProgress, signal));
  }
}
