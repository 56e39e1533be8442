import { createHash } from 'node:crypto';

/**
 * Merkle tree hashing of RFC 6962 (Certificate Transparency), section 2.1: leaves and interior
 * nodes are hashed with different one-byte prefixes, so no leaf can pose as a node.
 */

export function leafHash(leaf: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(leaf).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** The root of the empty tree: the hash of the empty string. */
export const EMPTY_ROOT = createHash('sha256').digest();

/**
 * Where complete subtrees' hashes come from: the subtree of `2^level` leaves starting at leaf
 * `index * 2^level` (level 0 is the leaf hash itself).
 */
export interface SubtreeHashes {
  subtree(level: number, index: number): Buffer;
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function log2(powerOfTwo: number): number {
  return Math.round(Math.log2(powerOfTwo));
}

/**
 * MTH(D[start : start+size]). Every range the RFC's recursion visits starts at a multiple of
 * the power of two it is split at, so its complete parts are stored subtrees and only the right
 * edge is recomputed: O(log n) lookups.
 */
export function rangeHash(hashes: SubtreeHashes, start: number, size: number): Buffer {
  if (size === 0) return EMPTY_ROOT;
  if ((size & (size - 1)) === 0 && start % size === 0) return hashes.subtree(log2(size), start / size);
  const k = split(size);
  return nodeHash(rangeHash(hashes, start, k), rangeHash(hashes, start + k, size - k));
}

export function rootHash(hashes: SubtreeHashes, size: number): Buffer {
  return rangeHash(hashes, 0, size);
}

/** PATH(m, D[n]) of RFC 6962 2.1.1: the audit path proving leaf m is in the tree of size n. */
export function inclusionProof(hashes: SubtreeHashes, leafIndex: number, size: number): Buffer[] {
  if (leafIndex < 0 || leafIndex >= size) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${size}`);
  const path: Buffer[] = [];
  const walk = (m: number, start: number, n: number): void => {
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, start, k);
      path.push(rangeHash(hashes, start + k, n - k));
    } else {
      walk(m - k, start + k, n - k);
      path.push(rangeHash(hashes, start, k));
    }
  };
  walk(leafIndex, 0, size);
  return path;
}

/** PROOF(m, D[n]) of RFC 6962 2.1.2: proves the tree of size m is a prefix of the tree of size n. */
export function consistencyProof(hashes: SubtreeHashes, first: number, second: number): Buffer[] {
  if (first < 0 || first > second) throw new RangeError(`no consistency proof from size ${first} to ${second}`);
  if (first === 0 || first === second) return [];
  const proof: Buffer[] = [];
  const walk = (m: number, start: number, n: number, complete: boolean): void => {
    if (m === n) {
      if (!complete) proof.push(rangeHash(hashes, start, n));
      return;
    }
    const k = split(n);
    if (m <= k) {
      walk(m, start, k, complete);
      proof.push(rangeHash(hashes, start + k, n - k));
    } else {
      walk(m - k, start + k, n - k, false);
      proof.push(rangeHash(hashes, start, k));
    }
  };
  walk(first, 0, second, true);
  return proof;
}
