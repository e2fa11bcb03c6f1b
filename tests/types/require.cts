// Compiled by `tsc --strict --noEmit` in npm test: the CommonJS entry as a require user writes it.
import tokvec = require('tokvec');

async function main(): Promise<void> {
  const { Tokenizer, TokvecError, init } = await tokvec.load({ simd: false });
  const info = await init();
  const simd: boolean | null = info.simd;
  const bytes = await Tokenizer.byteLevel();
  try {
    bytes.decode([999]);
  } catch (err) {
    if (err instanceof TokvecError) console.log(err.code, simd);
  }
  bytes.dispose();
}

void main();
