// Type declarations of the CommonJS entry (bindings/tokvec.cjs), written by hand.
import type * as tokvec from './index.js';

/** Imports the ES module, loads the wasm module (options as for `init`), and resolves to the package's exports. */
export function load(options?: tokvec.InitOptions): Promise<typeof tokvec>;
