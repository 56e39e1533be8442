import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, renderConfigTable } from './config-schema';
import { CONFIG_TABLE_BEGIN, CONFIG_TABLE_END, readmeConfigTable } from './config-docs';

describe("the README's configuration table", () => {
  const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');

  it('is the one generated from the schema (run npm run config:docs when this fails)', () => {
    expect(readme).toContain(CONFIG_TABLE_BEGIN);
    expect(readme).toContain(CONFIG_TABLE_END);
    expect(readmeConfigTable(readme)).toBe(renderConfigTable());
  });

  it('lists every variable with an example', () => {
    const table = renderConfigTable();
    for (const [name, spec] of Object.entries(CONFIG_VARIABLES)) {
      expect(table).toContain(`\`${name}\``);
      expect(spec.example.length).toBeGreaterThan(0);
    }
  });
});
