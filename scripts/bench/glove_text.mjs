// A synthetic GloVe text file: GloVe's exact format ("word v1 … vdim\n", no header, values printed
// as GloVe's C code prints them, printf("%.5g")-like: "0.418", "-0.00066023", "1.2346e-05") at a
// chosen size, from a fixed seed. The real glove.6B.300d.txt (400,000 × 300, 1.04 GB) is not
// reachable here; parse speed depends on the format and the number of values, not on which
// vectors they are. Values are drawn (seeded) from a pool of 65,536 numbers with GloVe 6B 300-d's
// spread (normal, σ ≈ 0.4); words are 2–14 lowercase letters, unique (a row-number suffix).

/** printf("%.5g", x) for finite x. */
export function formatG5(x) {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, exp] = x.toExponential(4).split('e');
  const e = Number(exp);
  const strip = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (e < -4 || e >= 5) return `${strip(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return strip(x.toFixed(4 - e));
}

function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
}

/** rows × dim of GloVe text as one Buffer, the same bytes for the same arguments. */
export function syntheticGloveText(rows, dim, seed = 6300) {
  const next = xorshift(seed);
  const uniform = () => (next() + 0.5) / 4294967296;
  const pool = [];
  for (let i = 0; i < 65536; i++) {
    const normal = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    pool.push(formatG5(0.4 * normal));
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const out = Buffer.allocUnsafe(rows * (dim * 12 + 32));
  const fields = new Array(dim + 1);
  let at = 0;
  for (let r = 0; r < rows; r++) {
    const length = 1 + (next() % 10);
    let word = '';
    for (let i = 0; i < length; i++) word += letters[next() % 26];
    fields[0] = word + r.toString(36);
    for (let j = 1; j <= dim; j++) fields[j] = pool[next() & 0xffff];
    at += out.latin1Write(`${fields.join(' ')}\n`, at);
  }
  return out.subarray(0, at);
}
