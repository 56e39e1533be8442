import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import type { KeyLike } from 'jose';
import type { AddressInfo } from 'node:net';
import { TestApp } from '../support/test-app';

/**
 * The endpoint as production runs it (NODE_ENV=production, tokens from an identity provider's
 * key), probed over real HTTP on a listening socket: nothing about the schema leaks, the work
 * of one request is bounded, mutations are rate-limited, and no answer carries internals.
 */
const STACK_OR_PATH = /at .*\.(js|ts):\d+|node_modules|\/src\/|\/work\/|\/tmp\//;
const ENROL = `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId receipt { position } } }`;

type Body = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

async function startProduction(env: NodeJS.ProcessEnv, publicKeyPem: string) {
  const app = await TestApp.start({ NODE_ENV: 'production', PLENARY_JWT_PUBLIC_KEY: publicKeyPem, ...env });
  await app.app.listen(0, '127.0.0.1');
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

describe('the GraphQL endpoint in production (e2e, real HTTP)', () => {
  let app: TestApp;
  let base: string;
  let identityProvider: KeyLike;
  let publicKeyPem: string;
  const answers: string[] = [];

  beforeAll(async () => {
    const keys = await generateKeyPair('ES256', { extractable: true });
    identityProvider = keys.privateKey;
    publicKeyPem = await exportSPKI(keys.publicKey);
    ({ app, base } = await startProduction({ PLENARY_RATE_LIMIT_MUTATIONS_PER_ADDRESS: '1000' }, publicKeyPem));
  });

  afterAll(async () => {
    await app.stop();
    // Nothing answered in this file carried a stack trace, a file path or an internal message.
    for (const answer of answers) expect(answer).not.toMatch(STACK_OR_PATH);
  });

  async function post(
    body: unknown,
    headers: Record<string, string> = {},
    target = base,
  ): Promise<{ status: number; headers: Headers; body: Body }> {
    const response = await fetch(`${target}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    answers.push(text);
    expect(response.status).toBeLessThan(500);
    return { status: response.status, headers: response.headers, body: JSON.parse(text) as Body };
  }

  function reasons(body: Body): unknown[] {
    return (body.errors ?? []).map((error) => error.extensions?.reason ?? error.extensions?.code);
  }

  async function memberToken(memberId: string, claims: Record<string, unknown> = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256' })
      .setSubject(memberId)
      .setIssuer('plenary')
      .setAudience('plenary')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(identityProvider);
  }

  it('answers no introspection, and no "Did you mean" hints', async () => {
    const schema = await post({ query: '{ __schema { types { name } } }' });
    expect(schema.status).toBe(400);
    expect(reasons(schema.body)).toEqual(['INTROSPECTION_DISABLED']);
    const type = await post({ query: '{ __type(name: "Query") { name } }' });
    expect(reasons(type.body)).toEqual(['INTROSPECTION_DISABLED']);
    const typename = await post({ query: '{ __typename }' });
    expect(typename.body.data).toEqual({ __typename: 'Query' });
    const typo = await post({ query: '{ chapterz { nam } }' });
    expect(typo.body.errors![0].message).toMatch(/Cannot query field "chapterz"/);
    expect(JSON.stringify(typo.body)).not.toMatch(/Did you mean/);
    const enumTypo = await post({
      query: 'mutation { foundChapter(input: { name: "X", kind: ONLIN }) { chapterId } }',
    });
    expect(JSON.stringify(enumTypo.body)).not.toMatch(/Did you mean/);
  });

  it('serves no GraphiQL', async () => {
    const page = await fetch(`${base}/graphiql`);
    expect(page.status).toBe(404);
    answers.push(await page.text());
    const browser = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(browser.status).not.toBe(302);
    answers.push(await browser.text());
  });

  it('serves the members’ audit page, under its strict Content-Security-Policy', async () => {
    const page = await fetch(`${base}/audit`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('/audit/app.js');
    const script = await fetch(`${base}/audit/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('refuses a 50-level nested query, 1,000 aliases of committee(asOf) and a batch, running none of them', async () => {
    let selection = 'name';
    for (let level = 0; level < 50; level++) selection = `ofType { ${selection} }`;
    const deep = await post({ query: `{ __type(name: "Query") { ${selection} } }` });
    expect(deep.status).toBe(400);
    expect(reasons(deep.body)).toContain('QUERY_TOO_DEEP');

    const head = await app.store.headPosition();
    const aliases = Array.from(
      { length: 1000 },
      (_, index) => `c${index}: committee(asOf: "${index % 10}") { pseudonym }`,
    );
    const wide = await post({ query: `{ ${aliases.join(' ')} }` });
    expect(wide.status).toBe(400);
    expect(reasons(wide.body)).toEqual(expect.arrayContaining(['TOO_MANY_ALIASES', 'QUERY_TOO_COSTLY']));
    expect(reasons(wide.body)).not.toContain('INTERNAL');

    const batch = await post([{ query: '{ readModelPosition }' }, { query: '{ readModelPosition }' }]);
    expect(batch.status).toBe(400);
    expect(reasons(batch.body)).toEqual(['BATCHING_DISABLED']);
    expect(await app.store.headPosition()).toBe(head);
  });

  it('refuses a body over the size limit with 413', async () => {
    const big = await post({ query: '{ readModelPosition }', variables: { padding: 'x'.repeat(300 * 1024) } });
    expect(big.status).toBe(413);
    expect(reasons(big.body)).toEqual(['BODY_TOO_LARGE']);
  });

  describe('algorithm confusion and other refused tokens', () => {
    it('an HS256 token keyed with the public key PEM is UNAUTHENTICATED, not 500', async () => {
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('8f14e45f-ceea-467f-a0e6-7c1e9d5d1a11')
        .setIssuer('plenary')
        .setAudience('plenary')
        .setExpirationTime('10m')
        .sign(new TextEncoder().encode(publicKeyPem));
      const result = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${forged}` });
      expect(result.status).toBe(200);
      expect(result.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
      expect(result.body.errors![0].message).not.toMatch(/ERR_|JWS|CryptoKey|jose|HMAC/i);
    });

    it('an RS256 token, even from a real RSA key, is UNAUTHENTICATED', async () => {
      const rsa = await generateKeyPair('RS256');
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'RS256' })
        .setSubject('8f14e45f-ceea-467f-a0e6-7c1e9d5d1a11')
        .setIssuer('plenary')
        .setAudience('plenary')
        .setExpirationTime('10m')
        .sign(rsa.privateKey);
      const result = await post(
        { query: 'mutation { changeMemberRegion(input: { region: "Oslo" }) { memberId } }' },
        { authorization: `Bearer ${token}` },
      );
      expect(result.status).toBe(200);
      expect(result.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOKEN_INVALID' });
    });

    it('an expired token is UNAUTHENTICATED TOKEN_EXPIRED; a token for another audience TOKEN_INVALID', async () => {
      const expired = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('8f14e45f-ceea-467f-a0e6-7c1e9d5d1a11')
        .setIssuer('plenary')
        .setAudience('plenary')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(identityProvider);
      const old = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${expired}` });
      expect(old.body.errors![0].extensions).toMatchObject({ reason: 'TOKEN_EXPIRED' });
      const elsewhere = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('8f14e45f-ceea-467f-a0e6-7c1e9d5d1a11')
        .setIssuer('plenary')
        .setAudience('another-service')
        .setExpirationTime('10m')
        .sign(identityProvider);
      const foreign = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${elsewhere}` });
      expect(foreign.body.errors![0].extensions).toMatchObject({ reason: 'TOKEN_INVALID' });
    });

    it("an identity provider's token for an erased member stops working too", async () => {
      const enrolled = await post({ query: ENROL, variables: { input: { pseudonym: 'Prod Eraser' } } });
      const memberId = enrolled.body.data.enrollMember.memberId as string;
      const token = await memberToken(memberId);
      const erased = await post(
        { query: 'mutation { erasePersonalData { memberId } }' },
        { authorization: `Bearer ${token}` },
      );
      expect(erased.body.errors).toBeUndefined();
      const after = await post(
        { query: 'mutation { changeMemberRegion(input: { region: "Oslo" }) { memberId } }' },
        { authorization: `Bearer ${token}` },
      );
      expect(after.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
    });
  });

  describe('rate limits', () => {
    it('limits mutations per address with 429 and Retry-After, appending nothing once over', async () => {
      const limited = await startProduction({ PLENARY_RATE_LIMIT_MUTATIONS_PER_ADDRESS: '5' }, publicKeyPem);
      try {
        for (let index = 0; index < 5; index++) {
          const ok = await post(
            { query: ENROL, variables: { input: { pseudonym: `Limited ${index}` } } },
            {},
            limited.base,
          );
          expect(ok.body.errors).toBeUndefined();
        }
        const head = await limited.app.store.headPosition();
        const over = await post(
          { query: ENROL, variables: { input: { pseudonym: 'Limited over' } } },
          {},
          limited.base,
        );
        expect(over.status).toBe(429);
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(over.body.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'TOO_MANY_MUTATIONS' });
        expect(await limited.app.store.headPosition()).toBe(head);
        // Queries are bounded by their cost, not by this limit.
        const query = await post({ query: '{ readModelPosition }' }, {}, limited.base);
        expect(query.status).toBe(200);
      } finally {
        await limited.app.stop();
      }
    });

    it('limits refused bearer tokens per address, queries included', async () => {
      const limited = await startProduction({ PLENARY_RATE_LIMIT_REFUSED_TOKENS_PER_ADDRESS: '3' }, publicKeyPem);
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          const refused = await post({ query: '{ me { id } }' }, { authorization: 'Bearer not.a.token' }, limited.base);
          expect(refused.body.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        }
        const over = await post({ query: '{ me { id } }' }, { authorization: 'Bearer still.not.one' }, limited.base);
        expect(over.status).toBe(429);
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(over.body.errors![0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'TOO_MANY_REFUSED_TOKENS' });
        // A valid token and an anonymous query still get through.
        const enrolled = await post(
          { query: ENROL, variables: { input: { pseudonym: 'Valid Token' } } },
          {},
          limited.base,
        );
        const token = await memberToken(enrolled.body.data.enrollMember.memberId);
        const ok = await post({ query: '{ me { id } }' }, { authorization: `Bearer ${token}` }, limited.base);
        expect(ok.status).toBe(200);
        expect(ok.body.errors).toBeUndefined();
      } finally {
        await limited.app.stop();
      }
    });

    it('limits mutations per actor; other actors from the same address keep their own budget', async () => {
      const limited = await startProduction({ PLENARY_RATE_LIMIT_MUTATIONS_PER_ACTOR: '3' }, publicKeyPem);
      try {
        const enrolled = await post(
          { query: ENROL, variables: { input: { pseudonym: 'Busy Member' } } },
          {},
          limited.base,
        );
        const token = await memberToken(enrolled.body.data.enrollMember.memberId);
        const change = (region: string) =>
          post(
            {
              query: 'mutation ($r: String) { changeMemberRegion(input: { region: $r }) { memberId } }',
              variables: { r: region },
            },
            { authorization: `Bearer ${token}` },
            limited.base,
          );
        for (const region of ['Oslo', 'Bergen', 'Tromsø']) expect((await change(region)).body.errors).toBeUndefined();
        const over = await change('Stavanger');
        expect(over.status).toBe(429);
        expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
        // Another member from the same address is not held back by the first one's budget.
        const other = await post(
          { query: ENROL, variables: { input: { pseudonym: 'Calm Member' } } },
          {},
          limited.base,
        );
        expect(other.body.errors).toBeUndefined();
      } finally {
        await limited.app.stop();
      }
    });
  });
});
