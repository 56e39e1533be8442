import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from '../../../../libs/testing/src';
import { loadConfig } from '../config/plenary-config';
import { createApp } from '../main';
import { SCHEMA_FILE, printApiSchema } from './print-schema';

/** `npm run schema` writes schema.graphql; `--check` fails when the committed file is stale. */
async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const dir = makeTempDir('plenary-schema-');
  try {
    const app = await createApp(loadConfig({ PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'error' }));
    const schema = printApiSchema(app);
    await app.close();
    const path = join(process.cwd(), SCHEMA_FILE);
    if (check) {
      let committed = '';
      try {
        committed = readFileSync(path, 'utf8');
      } catch {
        // A missing file is as stale as a wrong one.
      }
      if (committed !== schema) {
        process.stderr.write(`${SCHEMA_FILE} is stale: run npm run schema and commit it\n`);
        return 1;
      }
      process.stdout.write(`${SCHEMA_FILE} is up to date\n`);
      return 0;
    }
    writeFileSync(path, schema);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
    return 0;
  } finally {
    dir.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
