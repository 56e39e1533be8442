/**
 * The ledger's proofs checked in the browser with WebCrypto only: RFC 6962 leaf and node
 * hashes, the audit path to the checkpoint's root (RFC 9162 2.1.3.2), and the Ed25519
 * signature over "plenary-ledger-checkpoint-v1\n<treeSize>\n<rootHash>\n" (libs/ledger).
 */
export interface Checkpoint {
  treeSize: number;
  rootHash: string;
  signature: string;
  publicKey: string;
}

export interface Entry {
  position: string;
  leafIndex: number;
  leaf: string;
  treeSize: number;
  auditPath: string[];
}

export type SignatureCheck = 'valid' | 'invalid' | 'unsupported';

export interface Verdict {
  verified: boolean;
  positionMatches: boolean;
  pathLeadsToRoot: boolean;
  signature: SignatureCheck;
  pinned: 'none' | 'match' | 'mismatch';
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const total = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    total.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', total));
}

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export async function rootFromAuditPath(
  leaf: Uint8Array,
  leafIndex: number,
  treeSize: number,
  path: Uint8Array[],
): Promise<Uint8Array | null> {
  if (leafIndex < 0 || leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let hash = await sha256(LEAF, leaf);
  for (const sibling of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      hash = await sha256(NODE, sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = await sha256(NODE, hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hash : null;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
}

export async function checkSignature(checkpoint: Checkpoint): Promise<SignatureCheck> {
  let key: Awaited<ReturnType<typeof crypto.subtle.importKey>>;
  try {
    key = await crypto.subtle.importKey('spki', fromBase64(pemBody(checkpoint.publicKey)), { name: 'Ed25519' }, false, [
      'verify',
    ]);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotSupportedError') return 'unsupported';
    return 'invalid';
  }
  const message = new TextEncoder().encode(
    `plenary-ledger-checkpoint-v1\n${checkpoint.treeSize}\n${checkpoint.rootHash}\n`,
  );
  try {
    return (await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64(checkpoint.signature), message))
      ? 'valid'
      : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Verified only when every check holds: an unsupported signature check is not a pass. */
export async function verifyEntry(
  position: string,
  entry: Entry,
  checkpoint: Checkpoint,
  pinnedKey: string | null,
): Promise<Verdict> {
  let leafPosition: unknown;
  try {
    leafPosition = (JSON.parse(entry.leaf) as unknown[])[1];
  } catch {
    leafPosition = null;
  }
  const positionMatches = entry.position === position && leafPosition === position;
  let pathLeadsToRoot = false;
  try {
    const root =
      entry.treeSize === checkpoint.treeSize
        ? await rootFromAuditPath(
            new TextEncoder().encode(entry.leaf),
            entry.leafIndex,
            entry.treeSize,
            entry.auditPath.map(fromBase64),
          )
        : null;
    pathLeadsToRoot = root !== null && equal(root, fromBase64(checkpoint.rootHash));
  } catch {
    pathLeadsToRoot = false;
  }
  const signature = await checkSignature(checkpoint);
  const pinned =
    pinnedKey === null || pinnedKey.trim() === ''
      ? 'none'
      : pemBody(pinnedKey) === pemBody(checkpoint.publicKey)
        ? 'match'
        : 'mismatch';
  return {
    verified: positionMatches && pathLeadsToRoot && signature === 'valid' && pinned !== 'mismatch',
    positionMatches,
    pathLeadsToRoot,
    signature,
    pinned,
  };
}
