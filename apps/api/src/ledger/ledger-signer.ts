import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkpointMessage } from '../../../../libs/ledger/src';

/**
 * Signs ledger checkpoints with the installation's Ed25519 key. Ed25519 signatures are
 * deterministic, so the same tree head always carries the same signature. The key is made on
 * first start; publish its public half so auditors can pin it.
 */
export class LedgerSigner {
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  }

  static loadOrCreate(path: string): LedgerSigner {
    if (!existsSync(path)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      mkdirSync(dirname(path), { recursive: true });
      try {
        writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another process made it first: use theirs.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const key = createPrivateKey(readFileSync(path));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} must hold an Ed25519 private key`);
    return new LedgerSigner(key);
  }

  /** base64 signature over the checkpoint message the verifier checks. */
  signCheckpoint(treeSize: number, rootHashBase64: string): string {
    return sign(null, checkpointMessage(treeSize, rootHashBase64), this.privateKey).toString('base64');
  }
}
