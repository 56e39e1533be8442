import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyArchive } from '../../../libs/ledger-verifier/src';

/** `verify --archive <file> [--public-key <pem file>]`: prints each finding; exit 1 on any failure. */
export async function verifyArchiveCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { archive: { type: 'string' }, 'public-key': { type: 'string' } },
  });
  if (values.archive === undefined) {
    process.stderr.write('verify --archive needs a file, e.g. --archive plenary-archive.jsonl\n');
    return 2;
  }
  const publicKey = values['public-key'];
  const report = await verifyArchive(values.archive, {
    ...(publicKey === undefined ? {} : { publicKeyPem: readFileSync(publicKey, 'utf8') }),
  });
  for (const warning of report.warnings) process.stdout.write(`WARN ${warning}\n`);
  for (const failure of report.failures)
    process.stdout.write(`FAIL ${failure.check} (line ${failure.line}): ${failure.message}\n`);
  const { votes, elections, referendums, apportionments } = report.recounted;
  process.stdout.write(
    report.ok
      ? `ok   ${report.entries} entries, ${report.checkpoints} checkpoints verified; re-counted ${votes} votes, ${elections} elections, ${referendums} referendums, ${apportionments} apportionments: all as recorded\n`
      : `FAIL ${report.failures.length} problems in ${report.entries} entries\n`,
  );
  return report.ok ? 0 : 1;
}
