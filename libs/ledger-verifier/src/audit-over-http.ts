import { entryLeafHash, verifyCheckpointSignature, verifyConsistency, verifyInclusion } from './ledger-verifier';

/** A checkpoint an auditor keeps between audits, to prove later ones only ever extend it. */
export interface KeptCheckpoint {
  readonly treeSize: number;
  readonly rootHash: string;
}

export interface AuditCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface AuditReport {
  readonly ok: boolean;
  readonly checkpoint: KeptCheckpoint & { readonly signature: string; readonly publicKey: string };
  readonly checks: readonly AuditCheck[];
}

async function query<T>(url: string, text: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: text, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors !== undefined || body.data === undefined) {
    throw new Error(`${url} answered: ${body.errors?.map((error) => error.message).join('; ') ?? response.status}`);
  }
  return body.data;
}

const fromBase64 = (value: string) => Buffer.from(value, 'base64');

/** A check with the wording of its own verdict: what was proven, or what could not be. */
function check(name: string, ok: boolean, passed: string, failed: string): AuditCheck {
  return { name, ok, detail: ok ? passed : failed };
}

/**
 * Audits a Plenary server over its public GraphQL API: the checkpoint's signature (against a
 * pinned public key when given), optionally one log entry's inclusion, and optionally that the
 * log only grew since a checkpoint kept from an earlier audit.
 */
export async function auditLedger(options: {
  url: string;
  position?: string;
  publicKeyPem?: string;
  previous?: KeptCheckpoint;
}): Promise<AuditReport> {
  const checks: AuditCheck[] = [];
  const { ledgerCheckpoint: checkpoint } = await query<{
    ledgerCheckpoint: { treeSize: number; rootHash: string; signature: string; publicKey: string };
  }>(options.url, '{ ledgerCheckpoint { treeSize rootHash signature publicKey } }', {});
  const publicKey = options.publicKeyPem ?? checkpoint.publicKey;
  const signer = options.publicKeyPem === undefined ? 'the key the server names' : 'the pinned key';
  checks.push(
    check(
      'signature',
      verifyCheckpointSignature(checkpoint, publicKey),
      options.publicKeyPem === undefined
        ? `tree of ${checkpoint.treeSize} entries, signed by ${signer} (pin it with a public key to detect a substituted key)`
        : `tree of ${checkpoint.treeSize} entries, signed by ${signer}`,
      `the signature over the tree of ${checkpoint.treeSize} entries does not verify with ${signer}`,
    ),
  );
  if (options.publicKeyPem !== undefined && options.publicKeyPem.trim() !== checkpoint.publicKey.trim()) {
    checks.push(check('key', false, '', 'the server names a different public key than the pinned one'));
  }

  if (options.position !== undefined) {
    const { ledgerEntry: entry } = await query<{
      ledgerEntry: { leafIndex: number; leaf: string; treeSize: number; auditPath: string[] };
    }>(
      options.url,
      'query ($position: String!, $treeSize: Int) { ledgerEntry(position: $position, treeSize: $treeSize) { leafIndex leaf treeSize auditPath } }',
      { position: options.position, treeSize: checkpoint.treeSize },
    );
    const leaf = JSON.parse(entry.leaf) as unknown[];
    const included = verifyInclusion(
      entryLeafHash(entry.leaf),
      entry.leafIndex,
      checkpoint.treeSize,
      entry.auditPath.map(fromBase64),
      fromBase64(checkpoint.rootHash),
    );
    const described = `entry ${options.position} (${String(leaf[5])} in ${String(leaf[3])})`;
    checks.push(
      check(
        'inclusion',
        included && leaf[1] === options.position && entry.treeSize === checkpoint.treeSize,
        `${described} is leaf ${entry.leafIndex} of the signed tree`,
        `${described} is not proven to be in the signed tree of ${checkpoint.treeSize} entries: its audit path does not lead to the signed root`,
      ),
    );
  }

  if (options.previous !== undefined) {
    const { previous } = options;
    if (previous.treeSize > checkpoint.treeSize) {
      checks.push(
        check(
          'consistency',
          false,
          '',
          `the kept checkpoint covers ${previous.treeSize} entries but the server now shows only ${checkpoint.treeSize}: the log shrank`,
        ),
      );
    } else {
      const { ledgerConsistency } = await query<{ ledgerConsistency: { proof: string[] } }>(
        options.url,
        'query ($from: Int!, $to: Int) { ledgerConsistency(fromSize: $from, toSize: $to) { proof } }',
        { from: previous.treeSize, to: checkpoint.treeSize },
      );
      checks.push(
        check(
          'consistency',
          verifyConsistency(
            previous.treeSize,
            checkpoint.treeSize,
            ledgerConsistency.proof.map(fromBase64),
            fromBase64(previous.rootHash),
            fromBase64(checkpoint.rootHash),
          ),
          `the first ${previous.treeSize} entries are unchanged in the tree of ${checkpoint.treeSize}`,
          `the tree of ${checkpoint.treeSize} entries does not extend the kept checkpoint of ${previous.treeSize}: the proof does not join the kept root to the new one, so the history may have been rewritten`,
        ),
      );
    }
  }
  return { ok: checks.every((check) => check.ok), checkpoint, checks };
}
