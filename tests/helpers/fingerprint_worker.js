// A Node worker thread that loads tokvec afresh (its own module graph, so its own init options),
// computes the determinism fingerprint and posts it back with the build it ran on.
import { parentPort, workerData } from 'node:worker_threads';
import * as tokvec from 'tokvec';
import { fingerprint } from './fingerprint.js';

const core = await tokvec.init(workerData.simd ? undefined : { simd: false });
parentPort.postMessage({ ...(await fingerprint(tokvec, workerData.inputs)), simd: core.simd });
