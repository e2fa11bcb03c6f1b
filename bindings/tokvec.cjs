// The CommonJS entry (`require('tokvec')`, Node ≥ 18). tokvec is an ES module, which CommonJS
// cannot load synchronously, so this entry has one function: load() imports the ES module, loads
// the wasm module, and resolves to the ES module's exports —
//   const { Tokenizer } = await require('tokvec').load();
// Both entries share one module instance: handles and TokvecError are the same either way.
'use strict';

/** The package's exports once the wasm module is loaded; `options` as for init(). */
exports.load = async function load(options) {
  const tokvec = await import('./tokvec.js');
  await tokvec.init(options);
  return tokvec;
};
