import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * An auditor's check of Plenary's ledger, written apart from the server: it shares no code with
 * the write path or the tree that produces proofs (a dependency rule enforces it), and follows
 * the verification algorithms of RFC 9162 (2.1.3.2 and 2.1.4.2) rather than the RFC 6962
 * recursions the server uses to build proofs, so a bug in one is not repeated in the other.
 */

export interface SignedCheckpoint {
  readonly treeSize: number;
  /** base64 */
  readonly rootHash: string;
  /** base64 Ed25519 signature over `checkpointMessage(treeSize, rootHash)` */
  readonly signature: string;
}

/** The exact bytes a checkpoint's signature covers. */
export function checkpointMessage(treeSize: number, rootHashBase64: string): Buffer {
  return Buffer.from(`plenary-ledger-checkpoint-v1\n${treeSize}\n${rootHashBase64}\n`, 'utf8');
}

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

const interior = (left: Uint8Array, right: Uint8Array) => sha256(Buffer.of(1), left, right);
const isOdd = (value: number) => value % 2 === 1;
const half = (value: number) => Math.floor(value / 2);

export function verifyCheckpointSignature(checkpoint: SignedCheckpoint, publicKeyPem: string): boolean {
  try {
    return verify(
      null,
      checkpointMessage(checkpoint.treeSize, checkpoint.rootHash),
      createPublicKey(publicKeyPem),
      Buffer.from(checkpoint.signature, 'base64'),
    );
  } catch {
    return false;
  }
}

/** The leaf hash of one log entry's published text (its bytes as UTF-8, prefixed with 0x00). */
export function entryLeafHash(entryText: string): Buffer {
  return sha256(Buffer.of(0), Buffer.from(entryText, 'utf8'));
}

/** RFC 9162 2.1.3.2: does the audit path prove this leaf is at `leafIndex` in the tree with `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  leafIndex: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (leafIndex < 0 || leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = Buffer.from(leaf);
  for (const p of path) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = interior(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = interior(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2: does the proof show the tree (first, firstRoot) is a prefix of (second, secondRoot)? */
export function verifyConsistency(
  first: number,
  second: number,
  proof: readonly Uint8Array[],
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
): boolean {
  if (first < 0 || first > second) return false;
  if (first === 0) return proof.length === 0;
  if (first === second) return proof.length === 0 && Buffer.from(firstRoot).equals(secondRoot);
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  if (path.length === 0) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = Buffer.from(path[0]);
  let sr = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = interior(c, fr);
      sr = interior(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = interior(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return fr.equals(firstRoot) && sr.equals(secondRoot) && sn === 0;
}
