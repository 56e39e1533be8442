import { serverAudits } from 'graphql-http';
import type { AddressInfo } from 'node:net';
import { TestApp } from '../support/test-app';

/**
 * Conformance with the GraphQL over HTTP specification, checked by the audit suite of
 * graphql-http (the specification's reference implementation) against the real server.
 */
describe('GraphQL over HTTP conformance (e2e)', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await TestApp.start();
    await app.app.listen(0, '127.0.0.1');
    const address = app.app.getHttpServer().address() as AddressInfo;
    url = `http://127.0.0.1:${address.port}/graphql`;
  });

  afterAll(async () => {
    await app.stop();
  });

  for (const audit of serverAudits({ url: () => url, fetchFn: fetch })) {
    it(`${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status === 'error')
        throw new Error(`${result.reason}: ${JSON.stringify(await result.response.text().catch(() => ''))}`);
      // 'notice' is an unused MAY; 'warn' (an unmet SHOULD) and 'error' (an unmet MUST) fail.
      expect(['ok', 'notice']).toContain(result.status);
    });
  }

  it('answers a client that sends no Accept header with application/json', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ readModelPosition }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('refuses a client that accepts neither JSON media type with 406', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
      body: JSON.stringify({ query: '{ readModelPosition }' }),
    });
    expect(response.status).toBe(406);
  });

  it('refuses a mutation over GET with 405', async () => {
    const query = encodeURIComponent('mutation { leaveChapter { memberId } }');
    const response = await fetch(`${url}?query=${query}`, { headers: { accept: 'application/graphql-response+json' } });
    expect(response.status).toBe(405);
  });

  it('names the variable at fault when the input cannot be coerced (wrong enum value, missing field)', async () => {
    const wrongEnum = await app.gql(
      `mutation ($input: VoteOnInterimDecisionInput!) { voteOnInterimDecision(input: $input) { decisionId } }`,
      { input: { decisionId: '00000000-0000-4000-8000-000000000001', vote: 'MAYBE' } },
    );
    expect(wrongEnum.errors![0]).toMatchObject({
      message: expect.stringContaining('"MAYBE"'),
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES' },
    });
    const missing = await app.gql(
      `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId } }`,
      { input: {} },
    );
    expect(missing.errors![0]).toMatchObject({
      message: expect.stringContaining('pseudonym'),
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES' },
    });
  });

  it('answers a document that declares a variable it never uses, or uses one it never declares, as a validation error', async () => {
    const before = await app.store.headPosition();
    const unused = await app.gql(`query ($unused: String) { readModelPosition }`, { unused: 'x' });
    expect(unused.errors![0]).toMatchObject({
      message: expect.stringContaining('"$unused" is never used'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    expect(unused.errors![0].extensions).not.toHaveProperty('reason');
    const undeclared = await app.gql(`mutation { resign(input: $input) { memberId } }`);
    expect(undeclared.errors![0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const misplaced = await app.gql(
      `mutation ($id: String) { voteOnInterimDecision(input: { decisionId: $id, vote: SUPPORT }) { decisionId } }`,
      { id: '00000000-0000-4000-8000-000000000001' },
    );
    expect(misplaced.errors![0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect(await app.store.headPosition()).toBe(before);
  });

  it('never leaks internals: an unexpected error is INTERNAL without a stack', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    const body = await response.text();
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});
