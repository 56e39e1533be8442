import { getIntrospectionQuery } from 'graphql';
import request from 'supertest';
import { TestApp } from '../support/test-app';

/**
 * The work one request may ask for is bounded before anything runs (depth, cost, aliases,
 * directives, body size), and time-travel views stay open while a request uses them.
 */
const PUBLISH = `mutation ($input: PublishCommitmentsInput!) {
  publishCommitments(input: $input) { version receipt { position } }
}`;

describe('bounded requests and time-travel views under concurrent use (e2e)', () => {
  let app: TestApp;
  const positions: string[] = [];

  beforeAll(async () => {
    app = await TestApp.start({ PLENARY_BODY_LIMIT_BYTES: '100000' });
    const operator = await app.operatorToken();
    for (let version = 1; version <= 12; version++) {
      const result = await app.gql(PUBLISH, { input: { principles: [`Principle ${version}`] } }, { token: operator });
      positions.push(result.data!.publishCommitments.receipt.position);
    }
  });

  afterAll(async () => {
    await app.stop();
  });

  function reasonsOf(result: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown[] {
    return (result.errors ?? []).map((error) => error.extensions?.reason ?? error.extensions?.code);
  }

  it('answers many concurrent requests as of distinct positions, each from a view that stays open', async () => {
    // More distinct past positions than views kept open, all at once: evicting a view must
    // never close it under a request that is still reading it.
    const results = await Promise.all(
      [...positions, ...positions].map((asOf) =>
        app.gql('query ($asOf: String) { commitments(asOf: $asOf) { version } }', { asOf }),
      ),
    );
    for (const [index, result] of results.entries()) {
      expect(result.errors).toBeUndefined();
      expect(result.data!.commitments.version).toBe((index % positions.length) + 1);
    }
  });

  it('answers one request with many aliases as of distinct positions when the limits allow it', async () => {
    const generous = await TestApp.start({
      PLENARY_DATA_DIR: app.config.dataDir,
      PLENARY_GRAPHQL_MAX_COST: '100000000',
      PLENARY_GRAPHQL_MAX_ALIASES: '1000',
    });
    try {
      const aliases = Array.from(
        { length: 60 },
        (_, index) => `c${index}: commitments(asOf: "${positions[index % positions.length]}") { version }`,
      );
      const result = await generous.gql(`{ ${aliases.join(' ')} }`);
      expect(result.errors).toBeUndefined();
      for (let index = 0; index < 60; index++) {
        expect(result.data![`c${index}`].version).toBe((index % positions.length) + 1);
      }
    } finally {
      await generous.app.close();
    }
  });

  it('refuses a query nested deeper than the limit, before running it', async () => {
    let selection = 'name';
    for (let level = 0; level < 30; level++) selection = `ofType { ${selection} }`;
    const result = await app.expectNothingAppended(() => app.gql(`{ __type(name: "Query") { ${selection} } }`));
    expect(result.status).toBe(400);
    expect(reasonsOf(result)).toEqual(['QUERY_TOO_DEEP']);
    expect(result.errors![0].message).toMatch(/depth/);
  });

  it('refuses more aliases than the limit', async () => {
    const aliases = Array.from({ length: 1000 }, (_, index) => `a${index}: readModelPosition`).join(' ');
    const result = await app.gql(`{ ${aliases} }`);
    expect(result.status).toBe(400);
    expect(reasonsOf(result)).toContain('TOO_MANY_ALIASES');
  });

  it('costs a time-travel replay high: 1,000 or even 20 aliases of committee(asOf) are refused unrun', async () => {
    for (const count of [1000, 20]) {
      const aliases = Array.from(
        { length: count },
        (_, index) => `c${index}: committee(asOf: "${positions[index % positions.length]}") { pseudonym }`,
      );
      const result = await app.gql(`{ ${aliases.join(' ')} }`);
      expect(result.status).toBe(400);
      expect(reasonsOf(result)).toContain('QUERY_TOO_COSTLY');
      expect(result.errors!.find((error) => error.extensions?.reason === 'QUERY_TOO_COSTLY')!.message).toMatch(
        /costs \d+.*at most \d+/,
      );
    }
    // Fields as of one moment share one view, and cost one replay.
    const oneMoment = await app.gql(
      `{ a: committee(asOf: "${positions[2]}") { pseudonym } b: commitments(asOf: "${positions[2]}") { version } c: branches(asOf: "${positions[2]}") { name } d: interimRules(asOf: "${positions[2]}") { version } e: interimDecisions(asOf: "${positions[2]}") { nodes { id } } }`,
    );
    expect(oneMoment.errors).toBeUndefined();
    // Two past views in one request are fine.
    const two = await app.gql(
      `{ a: committee(asOf: "${positions[0]}") { pseudonym } b: commitments(asOf: "${positions[1]}") { version } }`,
    );
    expect(two.errors).toBeUndefined();
  });

  it('costs lists by the page size they ask for', async () => {
    const page = (first: string, count = 25) =>
      Array.from(
        { length: count },
        (_, index) =>
          `p${index}: chapters(first: ${first}) { nodes { id name founders kind region memberCount status branchId foundedAt startedAt } }`,
      ).join(' ');
    const small = await app.gql(`{ ${page('10')} }`);
    expect(small.errors).toBeUndefined();
    const huge = await app.gql(`{ ${page('200')} }`);
    expect(reasonsOf(huge)).toEqual(['QUERY_TOO_COSTLY']);
    // Validation is cached per document, so a page size given as a variable is costed at the
    // largest page whatever its value: the same document is refused for 10 as for 200.
    for (const n of [200, 10]) {
      const viaVariable = await app.gql(`query ($n: Int) { ${page('$n')} }`, { n });
      expect(reasonsOf(viaVariable)).toEqual(['QUERY_TOO_COSTLY']);
    }
    const oneViaVariable = await app.gql(`query ($n: Int) { ${page('$n', 1)} }`, { n: 10 });
    expect(oneViaVariable.errors).toBeUndefined();
  });

  it('refuses too many directives', async () => {
    const fragments = Array.from({ length: 60 }, () => '... @include(if: true) { readModelPosition }').join(' ');
    const result = await app.gql(`{ ${fragments} }`);
    expect(result.status).toBe(400);
    expect(reasonsOf(result)).toContain('TOO_MANY_DIRECTIVES');
  });

  it('refuses a body over the size limit with 413 and a request error', async () => {
    const response = await request(app.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('accept', 'application/graphql-response+json')
      .send(JSON.stringify({ query: `{ readModelPosition }`, variables: { padding: 'x'.repeat(150000) } }));
    expect(response.status).toBe(413);
    expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'BODY_TOO_LARGE' });
  });

  it("lets GraphiQL's full introspection query through in development", async () => {
    const result = await app.gql(getIntrospectionQuery());
    expect(result.errors).toBeUndefined();
    expect(result.data!.__schema.queryType.name).toBe('Query');
  });

  it('refuses fragment cycles as invalid without looping', async () => {
    const result = await app.gql(
      'query { __schema { ...A } } fragment A on __Schema { ...B } fragment B on __Schema { ...A }',
    );
    expect(result.status).toBe(400);
    expect(result.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
