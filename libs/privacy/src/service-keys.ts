import { existsSync, readFileSync } from 'node:fs';
import { KeyVault } from './key-vault';

export interface ServiceKeySource {
  /** The key's name in the vault's service ring. */
  readonly name: string;
  /** Where deployments before the vault kept the key; imported once when present. */
  readonly legacyFile: string;
  /** The key bytes as the vault keeps them, from the file's contents (throws on a wrong kind of key). */
  fromFile(contents: Buffer): Buffer;
  /** A new key, for a deployment that has none yet. */
  make(): Buffer;
}

/**
 * The deployment's key under `source.name`, one for every replica: the vault's when it holds
 * one; else the legacy key file's, imported (so published public keys and issued tokens stay
 * valid); else a new one. Replicas starting at once agree on the first key stored. A key file
 * that disagrees with the vault stops the start: signing on with either key would silently
 * break what was signed or pinned with the other.
 */
export async function deploymentServiceKey(vault: KeyVault, source: ServiceKeySource): Promise<Buffer> {
  const held = await vault.serviceKey(source.name);
  if (!existsSync(source.legacyFile)) return held ?? vault.holdServiceKey(source.name, source.make());
  const fromFile = source.fromFile(readFileSync(source.legacyFile));
  const kept = held ?? (await vault.holdServiceKey(source.name, fromFile));
  if (!kept.equals(fromFile)) {
    throw new Error(
      `${source.legacyFile} holds another key than the key vault's ${source.name} key, which every replica uses: ` +
        'remove the file (the vault holds the key now), or point this process at the vault it came from',
    );
  }
  return kept;
}
