import { KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { checkpointMessage } from '../../../../libs/ledger/src';
import { KeyVault, deploymentServiceKey } from '../../../../libs/privacy/src';

/** The signing key's name in the key vault's service ring. */
const VAULT_KEY_NAME = 'ledger-signing';

function ed25519(key: KeyObject, origin: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${origin} must hold an Ed25519 private key`);
  return key;
}

/**
 * Signs ledger checkpoints with the deployment's Ed25519 key. Ed25519 signatures are
 * deterministic, so the same tree head always carries the same signature. The key lives in the
 * key vault (PKCS#8 DER), one for every replica; publish its public half so auditors can pin it.
 */
export class LedgerSigner {
  readonly publicKeyPem: string;

  private constructor(private readonly privateKey: KeyObject) {
    this.publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
  }

  /** The vault's key; on first start the PEM file of earlier versions is imported, or a key made. */
  static async fromVault(vault: KeyVault, legacyKeyPath: string): Promise<LedgerSigner> {
    const der = await deploymentServiceKey(vault, {
      name: VAULT_KEY_NAME,
      legacyFile: legacyKeyPath,
      fromFile: (pem) => ed25519(createPrivateKey(pem), legacyKeyPath).export({ type: 'pkcs8', format: 'der' }),
      make: () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }),
    });
    return new LedgerSigner(ed25519(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }), 'The key vault'));
  }

  /**
   * The deployment's key if it has one (in the vault, or in the PEM file of earlier versions),
   * else null: for tools that must sign with the key auditors pinned and never make a new one.
   */
  static async existing(vault: KeyVault, legacyKeyPath: string): Promise<LedgerSigner | null> {
    if ((await vault.serviceKey(VAULT_KEY_NAME)) === null && !existsSync(legacyKeyPath)) return null;
    return LedgerSigner.fromVault(vault, legacyKeyPath);
  }

  /** base64 signature over the checkpoint message the verifier checks. */
  signCheckpoint(treeSize: number, rootHashBase64: string): string {
    return sign(null, checkpointMessage(treeSize, rootHashBase64), this.privateKey).toString('base64');
  }
}
