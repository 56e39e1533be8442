import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';

const root = join(__dirname, '..', '..', '..', '..');

/** The README's GraphQL examples are what readers paste first: each must run against the committed schema. */
describe('README GraphQL examples', () => {
  const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```graphql\n([\s\S]*?)^```/gm)].map((match) => match[1]);

  it('has examples to check', () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it.each(blocks.map((block, index) => [index + 1, block.split('\n')[0], block]))(
    'example %i (%s) validates against schema.graphql',
    (_index, _firstLine, block) => {
      expect(validate(schema, parse(block)).map((error) => error.message)).toEqual([]);
    },
  );
});
