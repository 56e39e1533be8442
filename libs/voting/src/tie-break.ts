import { show, VotingError } from './voting.errors';

/**
 * Ties that a method's own rules cannot settle are settled by lot, and the lot must be
 * reproducible by anyone from public data. Each tied name gets the key
 * SHA-256(JSON.stringify([seed, context, name])) in lowercase hex; the lot order is the names
 * sorted by key, ascending (then by name, were two keys ever equal). So
 * `printf '%s' '["s","ctx","A"]' | sha256sum` re-draws one key by hand. The context names the
 * decision (method, stage, purpose) and never depends on ballot order.
 */

/** A lot drawn to order tied names, recorded in the result so that anyone can redraw it. */
export interface Lot {
  /** The decision the lot settled, e.g. "scottish-stv/stage-4/exclusion". */
  readonly context: string;
  /** The caller-supplied seed the keys derive from. */
  readonly seed: string;
  /** The drawn order, first drawn first. */
  readonly order: readonly string[];
  /** SHA-256 keys (hex), aligned with `order`. */
  readonly keys: readonly string[];
}

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const utf8 = (text: string): number[] => {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) as number;
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else bytes.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return bytes;
};

/** SHA-256 (FIPS 180-4) of a string's UTF-8 bytes, as lowercase hex; pure, so lots need no I/O. */
export function sha256Hex(text: string): string {
  const bytes = utf8(text);
  const bitLength = bytes.length * 8;
  bytes.push(0x80);
  while (bytes.length % 64 !== 56) bytes.push(0);
  const high = Math.floor(bitLength / 0x100000000);
  for (const word of [high, bitLength >>> 0])
    bytes.push((word >>> 24) & 255, (word >>> 16) & 255, (word >>> 8) & 255, word & 255);

  const hash = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < bytes.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + i * 4;
      w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
    }
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = hash;
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) >>> 0;
    }
    hash[0] += a;
    hash[1] += b;
    hash[2] += c;
    hash[3] += d;
    hash[4] += e;
    hash[5] += f;
    hash[6] += g;
    hash[7] += h;
  }
  return Array.from(hash, (word) => word.toString(16).padStart(8, '0')).join('');
}

/** Draws the lot order of tied names; without a seed there is nothing fair to draw from, so it refuses. */
export function drawLot(seed: string | undefined, context: string, tied: readonly string[]): Lot {
  if (seed === undefined) {
    throw new VotingError(
      'LOT_SEED_REQUIRED',
      `A tie between ${tied.join(', ')} (${context}) must be broken by lot; supply a seed`,
      { context, tied: [...tied] },
    );
  }
  const keyed = tied.map((name) => ({ name, key: sha256Hex(JSON.stringify([seed, context, name])) }));
  keyed.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { context, seed, order: keyed.map((entry) => entry.name), keys: keyed.map((entry) => entry.key) };
}

/** Collects the lots one count draws, so its result can list them. */
export class LotBook {
  readonly lots: Lot[] = [];

  constructor(private readonly seed: string | undefined) {
    if (seed !== undefined && typeof seed !== 'string') {
      throw new VotingError('INVALID_SEED', 'A lot seed must be a string', { seed: show(seed) });
    }
  }

  /** The tied names in lot order (first drawn first); a single name needs no lot. */
  order(context: string, tied: readonly string[]): string[] {
    if (tied.length <= 1) return [...tied];
    const lot = drawLot(this.seed, context, tied);
    this.lots.push(lot);
    return [...lot.order];
  }
}

/**
 * Looks back through earlier totals, most recent first, keeping at each step only the tied
 * candidates with the lowest (or highest) total there, until one is left or the history runs out.
 * `history[s][c]` is candidate c's total at the end of stage s; stages from `before - 1` down to 0
 * are consulted.
 */
export function narrowByHistory(
  tied: readonly number[],
  history: readonly ArrayLike<number>[],
  before: number,
  prefer: 'lowest' | 'highest',
): { remaining: number[]; stagesUsed: number[] } {
  let remaining = [...tied];
  const stagesUsed: number[] = [];
  for (let stage = before - 1; stage >= 0 && remaining.length > 1; stage--) {
    const totals = history[stage];
    let best = totals[remaining[0]];
    for (const candidate of remaining) {
      const value = totals[candidate];
      if (prefer === 'lowest' ? value < best : value > best) best = value;
    }
    const narrowed = remaining.filter((candidate) => totals[candidate] === best);
    if (narrowed.length < remaining.length) {
      remaining = narrowed;
      stagesUsed.push(stage);
    }
  }
  return { remaining, stagesUsed };
}
