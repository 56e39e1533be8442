import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printApiSchema, SCHEMA_FILE } from '../../apps/api/src/schema/print-schema';
import { TestApp } from '../support/test-app';

describe('committed GraphQL schema', () => {
  it('matches the schema the code builds (run `npm run schema` after changing the API)', async () => {
    const app = await TestApp.start();
    try {
      const committed = readFileSync(join(__dirname, '..', '..', SCHEMA_FILE), 'utf8');
      expect(printApiSchema(app.app)).toBe(committed);
    } finally {
      await app.stop();
    }
  });

  it('documents every type', async () => {
    const schema = readFileSync(join(__dirname, '..', '..', SCHEMA_FILE), 'utf8');
    const undocumented = [...schema.matchAll(/(?<!"""\n)^(type|input|enum) (\w+)/gm)]
      .map((match) => match[2])
      .filter((name) => !['Query', 'Mutation', 'Subscription'].includes(name));
    expect(undocumented).toEqual([]);
  });
});
