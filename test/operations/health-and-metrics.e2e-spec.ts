import Database from 'better-sqlite3';
import { createServer } from 'node:net';
import request from 'supertest';
import { TestApp } from '../support/test-app';

/** Polls until the condition holds (a state the server reaches in the background). */
async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** One sample of the Prometheus exposition, by metric name and exact labels. */
function sample(exposition: string, name: string, labels: string): number | undefined {
  const line = exposition.split('\n').find((candidate) => candidate.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

const CHAPTERS = '{ chapters { nodes { name } } }';

describe('health and metrics over HTTP', () => {
  let app: TestApp;

  afterEach(async () => app?.stop());

  it('answers live and ready, and exposes commands, appends, group commits, GraphQL operations, lag and the process', async () => {
    app = await TestApp.start();
    const live = await request(app.server).get('/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await request(app.server).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.details).toMatchObject({
      accepting: { status: 'up' },
      event_store: { status: 'up', kind: 'sqlite' },
      read_models: { status: 'up', state: 'running', lag: '0' },
      ledger: { status: 'up', state: 'running' },
    });

    const correlationId = '6f1c2a4e-3b5d-4c7e-9f0a-1b2c3d4e5f60';
    const enrol = `mutation Enrol($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId receipt { position } } }`;
    const first = await request(app.server)
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('x-correlation-id', correlationId)
      .send({ query: enrol, variables: { input: { pseudonym: 'Metric Ada' } } });
    expect(first.body.errors).toBeUndefined();
    expect(first.headers['x-correlation-id']).toBe(correlationId);
    const taken = await app.gql(enrol, { input: { pseudonym: 'Metric Ada' } });
    expect(taken.errors?.[0].extensions?.reason).toBe('PSEUDONYM_TAKEN');
    await app.gql(`query Chapters { chapters { nodes { name } } }`);

    const metrics = await request(app.server).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = metrics.text;
    expect(sample(text, 'plenary_commands_total', 'command="EnrollMemberCommand",outcome="accepted"')).toBe(1);
    expect(sample(text, 'plenary_commands_total', 'command="EnrollMemberCommand",outcome="PSEUDONYM_TAKEN"')).toBe(1);
    expect(sample(text, 'plenary_event_store_append_duration_seconds_count', 'outcome="ok"')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^plenary_event_store_group_commit_appends_count [1-9]/m);
    expect(sample(text, 'plenary_graphql_operation_duration_seconds_count', 'operation="Enrol",type="mutation"')).toBe(
      2,
    );
    expect(sample(text, 'plenary_graphql_operation_duration_seconds_count', 'operation="Chapters",type="query"')).toBe(
      1,
    );
    expect(sample(text, 'plenary_projection_lag', 'projection="membership"')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'plenary_projection_lag', 'projection="ledger"')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'plenary_projection_retrying', 'runner="read_models"')).toBe(0);
    expect(text).toMatch(/^plenary_process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^plenary_nodejs_heap_size_used_bytes /m);
  });

  it('while a projection cannot advance: not ready, lag rising, queries UNAVAILABLE with the lag; then it recovers', async () => {
    app = await TestApp.start({ PLENARY_READ_MODEL_BUSY_TIMEOUT_MS: '0', PLENARY_PROJECTION_RETRY_MAX_MS: '20' });
    await app.enroll('Before Lock');
    // Another connection holds the read-model file's write lock: the projector's commits fail.
    const locker = new Database(app.config.readModelPath);
    locker.exec('BEGIN IMMEDIATE');
    let released = false;
    try {
      const stalled = await app.enroll('During Lock');
      const notReady = await eventually(async () => {
        const response = await request(app.server).get('/health/ready');
        return response.status === 503 ? response : undefined;
      });
      expect(notReady.body.error.read_models).toMatchObject({ status: 'down', state: 'retrying' });
      expect(Number(notReady.body.error.read_models.lag)).toBeGreaterThanOrEqual(1);
      expect(notReady.body.details.event_store.status).toBe('up');

      const lagBefore = sample(
        (await request(app.server).get('/metrics')).text,
        'plenary_projection_lag',
        'projection="membership"',
      )!;
      expect(lagBefore).toBeGreaterThanOrEqual(1);
      expect(
        sample((await request(app.server).get('/metrics')).text, 'plenary_projection_retrying', 'runner="read_models"'),
      ).toBe(1);
      await app.enroll('Lag Rising');
      const lagAfter = sample(
        (await request(app.server).get('/metrics')).text,
        'plenary_projection_lag',
        'projection="membership"',
      )!;
      expect(lagAfter).toBeGreaterThan(lagBefore);

      const query = await app.gql(CHAPTERS);
      expect(query.data ?? null).toBeNull();
      expect(query.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'READ_MODEL_STALLED' });
      expect(Number(query.errors?.[0].extensions?.lag)).toBeGreaterThanOrEqual(1);
      expect(query.errors?.[0].message).toMatch(/cannot advance past position \d+/);
      const own = await app.gql(
        `{ me(waitForPosition: "${stalled.position}") { pseudonym } }`,
        {},
        { token: stalled.token },
      );
      expect(own.errors?.[0].extensions?.reason).toBe('READ_MODEL_STALLED');

      locker.exec('ROLLBACK');
      released = true;
    } finally {
      if (!released) locker.exec('ROLLBACK');
      locker.close();
    }
    await eventually(async () => ((await request(app.server).get('/health/ready')).status === 200 ? true : undefined));
    const after = await app.gql(`{ me { pseudonym } }`, {}, { token: (await app.enroll('After Lock')).token });
    expect(after.errors).toBeUndefined();
    const metrics = (await request(app.server).get('/metrics')).text;
    expect(sample(metrics, 'plenary_projection_retrying', 'runner="read_models"')).toBe(0);
  });

  it('while the ledger cannot advance: not ready, and its current checkpoint UNAVAILABLE rather than stale', async () => {
    app = await TestApp.start({ PLENARY_READ_MODEL_BUSY_TIMEOUT_MS: '0', PLENARY_PROJECTION_RETRY_MAX_MS: '20' });
    await app.enroll('Ledger Before');
    const before = await app.gql('{ ledgerCheckpoint { treeSize } }');
    expect(before.errors).toBeUndefined();
    const locker = new Database(app.config.ledgerPath);
    locker.exec('BEGIN IMMEDIATE');
    try {
      await app.enroll('Ledger During');
      const notReady = await eventually(async () => {
        const response = await request(app.server).get('/health/ready');
        return response.body.error?.ledger?.state === 'retrying' ? response : undefined;
      });
      expect(notReady.status).toBe(503);
      expect(notReady.body.details.read_models.status).toBe('up');
      const checkpoint = await app.gql('{ ledgerCheckpoint { treeSize } }');
      expect(checkpoint.errors?.[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'READ_MODEL_STALLED' });
      expect(checkpoint.errors?.[0].message).toMatch(/^The ledger cannot advance past position \d+/);
      // A proof within a tree size the client names stays answerable: it does not claim to be current.
      const size = before.data!.ledgerCheckpoint.treeSize as number;
      const proof = await app.gql(`{ ledgerConsistency(fromSize: 1, toSize: ${size}) { toSize } }`);
      expect(proof.errors).toBeUndefined();
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    await eventually(async () => ((await request(app.server).get('/health/ready')).status === 200 ? true : undefined));
    expect((await app.gql('{ ledgerCheckpoint { treeSize } }')).errors).toBeUndefined();
  });

  it('on EventStoreDB with no server reachable: alive, not ready, and queries UNAVAILABLE instead of empty results', async () => {
    const port = await closedPort();
    app = await TestApp.start({
      PLENARY_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false&defaultDeadline=1000`,
      PLENARY_PROJECTION_RETRY_MAX_MS: '200',
    });
    expect((await request(app.server).get('/health/live')).status).toBe(200);
    const ready = await request(app.server).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.event_store).toMatchObject({ status: 'down', kind: 'eventstoredb' });
    const query = await app.gql(CHAPTERS);
    expect(query.data ?? null).toBeNull();
    expect(query.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
    expect(['READ_MODEL_STARTING', 'READ_MODEL_STALLED']).toContain(query.errors?.[0].extensions?.reason);
    const retrying = await eventually(async () => {
      const response = await request(app.server).get('/health/ready');
      return response.body.error?.read_models?.state === 'retrying' ? response : undefined;
    });
    expect(retrying.status).toBe(503);
    expect((await app.gql(CHAPTERS)).errors?.[0].extensions?.reason).toBe('READ_MODEL_STALLED');
    expect(
      sample((await request(app.server).get('/metrics')).text, 'plenary_projection_lag', 'projection="membership"'),
    ).toBe(-1);
  }, 60_000);
});
