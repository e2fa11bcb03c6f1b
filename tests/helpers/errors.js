// Assertions on the package's errors.
import assert from 'node:assert/strict';
import { TokvecError } from '../../bindings/core.js';

/** For assert.throws/rejects: a TokvecError with this code whose message matches `pattern`. */
export function isError(code, pattern) {
  return (e) => {
    assert.ok(e instanceof TokvecError, `expected a TokvecError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}
