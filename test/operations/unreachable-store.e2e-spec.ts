import { makeTempDir } from '../../libs/testing/src';
import { ServerProcess, freePort } from './server-process';

describe('a server process whose EventStoreDB cannot be reached', () => {
  const dir = makeTempDir('plenary-unreachable-');
  let server: ServerProcess | undefined;

  afterAll(() => {
    server?.kill();
    dir.remove();
  });

  it('says at start that it is not ready, answers UNAVAILABLE, and logs each failed request once, without a stack from Nest', async () => {
    const port = await freePort();
    server = await ServerProcess.start({
      PLENARY_DATA_DIR: dir.path,
      PLENARY_LOG_LEVEL: 'info',
      PLENARY_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: `esdb://127.0.0.1:${port}?tls=false&defaultDeadline=1000`,
    });
    await server.waitForLine((line) => line.includes('the event store does not answer'));
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { enrollMember(input: { pseudonym: "Nobody Home" }) { memberId } }`,
      }),
    });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string; reason: string } }> };
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAVAILABLE', reason: 'EVENT_STORE_UNAVAILABLE' });
    expect((await fetch(`${server.url}/health/ready`)).status).toBe(503);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);

    const logs = server.logs();
    const notReady = logs.find((line) => String(line.msg).includes('the event store does not answer'));
    expect(notReady).toMatchObject({ level: 40, context: 'Plenary' });
    expect(logs.filter((line) => line.context === 'GraphQL' && Number(line.level) >= 50)).toHaveLength(1);
    expect(logs.filter((line) => line.context === 'ExceptionsHandler')).toEqual([]);
    expect(server.lines.join('\n')).not.toContain('Nobody Home');
  }, 90_000);
});
