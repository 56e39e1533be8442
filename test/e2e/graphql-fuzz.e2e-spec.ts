import fc from 'fast-check';
import { exportSPKI, generateKeyPair } from 'jose';
import { TestApp } from '../support/test-app';

/**
 * Thousands of generated malformed requests against the production configuration, in process
 * (Fastify's injector, the same routes and hooks as over a socket): garbage, valid documents
 * with tokens inserted, dropped or repeated, wrong-typed fields and random variables. None may
 * answer 5xx or INTERNAL, none may carry a stack trace or a path, and nothing may be appended.
 * FUZZ_RUNS=N for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const STACK_OR_PATH = /at .*\.(js|ts):\d+|node_modules|\/src\/|\/tmp\/|\/work\//;

const SEEDS = [
  '{ chapters(first: 5) { nodes { id name founders memberCount } } readModelPosition }',
  'query ($id: ID!) { chapter(id: $id) { name kind status } }',
  'query ($asOf: String, $wait: String) { committee(asOf: $asOf) { pseudonym } commitments(asOf: $asOf, waitForPosition: $wait) { version } }',
  'query Q($n: Int) { a: chapters(first: $n) { nodes { name } } ...F } fragment F on Query { branches { name } }',
  '{ me { id pseudonym chapter { name } } }',
  '{ ledgerCheckpoint { treeSize rootHash } ledgerEntry(position: "1") { leaf auditPath } }',
  'mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId receipt { position } } }',
  'mutation { changeMemberRegion(input: { region: "Lyon" }) { memberId } }',
  'mutation M($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }',
  'mutation { issueDevToken(input: { kind: OPERATOR, subject: "mallory" }) { token } }',
  'query { __typename ... on Query { readModelPosition @include(if: true) } }',
];

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '$x',
  '!',
  '=',
  '@',
  '@skip(if: $x)',
  '...',
  '... on Chapter',
  'fragment F on Query { a }',
  'mutation',
  'subscription',
  'query',
  '__schema',
  '__type(name: "Query")',
  '"',
  '"""',
  '\\',
  '\\u0000',
  '\u0000',
  '\u202e',
  '\ud800',
  '#',
  ',',
  '-1',
  '1e999',
  '9223372036854775808',
  'null',
  'true',
  'asOf: "0"',
  'asOf: "1999-01-01T00:00:00Z"',
  'limit: 100000',
  'first: -5',
  'x: chapters { nodes { name } }',
];

const mutatedDocument = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('insert', 'delete', 'repeat'),
        token: fc.constantFrom(...TOKENS),
        length: fc.integer({ min: 1, max: 12 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([seed, edits]) =>
    edits.reduce((document, edit) => {
      const at = edit.at % (document.length + 1);
      if (edit.kind === 'insert') return document.slice(0, at) + edit.token + document.slice(at);
      if (edit.kind === 'delete') return document.slice(0, at) + document.slice(at + edit.length);
      return document.slice(0, at) + document.slice(at, at + edit.length).repeat(3) + document.slice(at);
    }, seed),
  );

const query = fc.oneof(
  { weight: 6, arbitrary: mutatedDocument },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constantFrom(...SEEDS) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const variables = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(
    fc.constantFrom('id', 'asOf', 'wait', 'n', 'input', 'x', '__proto__', 'constructor'),
    fc.jsonValue({ maxDepth: 3 }),
    { maxKeys: 4 },
  ),
  fc.record({
    input: fc.record({
      name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      kind: fc.oneof(fc.constantFrom('LOCAL', 'ONLINE', 'local', 'NONE'), fc.integer()),
      principles: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), fc.string()),
      commandId: fc.oneof(fc.uuid(), fc.string()),
      expectedRevision: fc.oneof(fc.string(), fc.integer()),
    }),
    asOf: fc.oneof(fc.string(), fc.integer(), fc.constantFrom('0', '1', '99999999999', '2020-02-30T00:00:00Z')),
    n: fc.oneof(fc.integer(), fc.double(), fc.string()),
  }),
  fc.jsonValue({ maxDepth: 1 }),
);

const request = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET'),
  query,
  variables,
  operationName: fc.option(fc.oneof(fc.constantFrom('Q', 'M', 'F'), fc.string({ maxLength: 5 }), fc.integer()), {
    nil: undefined,
  }),
  raw: fc.option(fc.string({ unit: 'binary', maxLength: 60 }), { freq: 10, nil: undefined }),
  authorization: fc.option(
    fc.oneof(fc.constantFrom('Bearer', 'Bearer ..', 'Basic abc', 'Bearer e30.e30.e30'), fc.string({ maxLength: 30 })),
    { freq: 4, nil: undefined },
  ),
});

describe('fuzzing the GraphQL endpoint in production configuration (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    const { publicKey } = await generateKeyPair('ES256');
    app = await TestApp.start({
      NODE_ENV: 'production',
      PLENARY_JWT_PUBLIC_KEY: await exportSPKI(publicKey),
      PLENARY_RATE_LIMIT: 'off',
      // A waitForPosition beyond the log would hold each such request for the whole wait.
      PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '0',
    });
    // Something to read: a member and a chapter founding.
    await app.gql('mutation { enrollMember(input: { pseudonym: "Fuzz Reader" }) { memberId } }');
  });

  afterAll(async () => {
    await app.stop();
  });

  it(`answers ${RUNS} malformed requests without a 5xx, INTERNAL, stack trace or append`, async () => {
    const head = await app.store.headPosition();
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(request, async (generated) => {
        const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
        if (generated.authorization !== undefined) headers.authorization = generated.authorization;
        let response;
        if (generated.method === 'GET') {
          const params = new URLSearchParams();
          params.set('query', typeof generated.query === 'string' ? generated.query : JSON.stringify(generated.query));
          if (generated.variables !== undefined) params.set('variables', JSON.stringify(generated.variables));
          if (typeof generated.operationName === 'string') params.set('operationName', generated.operationName);
          response = await app.app.inject({ method: 'GET', url: `/graphql?${params.toString()}`, headers });
        } else {
          const payload =
            generated.raw ??
            JSON.stringify({
              query: generated.query,
              variables: generated.variables,
              operationName: generated.operationName,
            });
          response = await app.app.inject({
            method: 'POST',
            url: '/graphql',
            headers: { ...headers, 'content-type': 'application/json' },
            payload,
          });
        }
        answered++;
        expect(response.statusCode).toBeLessThan(500);
        expect(response.body).not.toMatch(STACK_OR_PATH);
        const body = JSON.parse(response.body) as { errors?: Array<{ extensions?: { code?: string } }> };
        expect((body.errors ?? []).map((error) => error.extensions?.code)).not.toContain('INTERNAL');
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED) },
    );
    expect(answered).toBe(RUNS);
    expect(await app.store.headPosition()).toBe(head);
  }, 120_000);
});
