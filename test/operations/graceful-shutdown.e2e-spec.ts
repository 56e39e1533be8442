import { request as httpRequest } from 'node:http';
import { SqliteEventStore } from '../../libs/event-store/src';
import { makeTempDir, testMetadata } from '../../libs/testing/src';
import { ServerProcess } from './server-process';

/** One GraphQL POST on its own connection; `sent` resolves once the request is fully written. */
function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): { sent: Promise<void>; answer: Promise<{ status: number; body: any }> } {
  let markSent!: () => void;
  const sent = new Promise<void>((resolve) => (markSent = resolve));
  const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = httpRequest(
      `${url}/graphql`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    request.on('error', reject);
    request.on('finish', markSent);
    request.end(JSON.stringify(body));
  });
  return { sent, answer };
}

describe('graceful shutdown of a server process', () => {
  let server: ServerProcess | undefined;
  const dir = makeTempDir('plenary-shutdown-');

  afterAll(() => {
    server?.kill();
    dir.remove();
  });

  it('on SIGTERM finishes a request in flight (its read models still follow the log), then closes stores and exits 0, logging JSON without personal data', async () => {
    server = await ServerProcess.start({ PLENARY_DATA_DIR: dir.path, PLENARY_LOG_LEVEL: 'debug' });
    const enrol = (pseudonym: string) =>
      post(server!.url, {
        query: `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token receipt { position } } }`,
        variables: { input: { pseudonym } },
      }).answer;
    const enrolled = await enrol('Canary Pseudonym Zq');
    expect(enrolled.body.errors).toBeUndefined();
    const refused = await enrol('Canary Pseudonym Zq');
    expect(refused.body.errors[0].extensions.reason).toBe('PSEUDONYM_TAKEN');
    const { token, receipt } = enrolled.body.data.enrollMember;

    // In flight: a query waiting for a position the log has not reached yet.
    const next = BigInt(receipt.position) + 1n;
    const waiting = post(
      server.url,
      { query: `{ me(waitForPosition: "${next}") { pseudonym } }` },
      { authorization: `Bearer ${token}` },
    );
    await waiting.sent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.child.kill('SIGTERM');
    await server.waitForLine((line) => line.includes('SIGTERM: finishing in-flight requests'));

    // Another process appends to the store; the shutting-down server's read models must still follow.
    const writer = SqliteEventStore.open({ path: `${dir.path}/events.sqlite` });
    try {
      await writer.appendToStream(
        'ShutdownProbe-1',
        [{ id: crypto.randomUUID(), type: 'ShutdownProbed', data: {}, metadata: testMetadata() }],
        {
          expectedRevision: 'no_stream',
        },
      );
    } finally {
      await writer.close();
    }

    const answered = await waiting.answer;
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ data: { me: { pseudonym: 'Canary Pseudonym Zq' } } });
    expect(await server.exited).toBe(0);

    const text = server.lines.join('\n');
    expect(text).not.toContain(String.fromCharCode(27)); // no ANSI escape sequences
    const logs = server.logs();
    const messages = logs.map((line) => String(line.msg));
    const sigterm = messages.findIndex((message) => message.includes('SIGTERM'));
    const stopped = messages.lastIndexOf('stopped');
    expect(sigterm).toBeGreaterThanOrEqual(0);
    expect(stopped).toBeGreaterThan(sigterm);
    // The refusal is no incident: debug, by reason, without a stack, and not at ERROR.
    const refusal = logs.find((line) => String(line.msg).includes('PSEUDONYM_TAKEN'));
    expect(refusal).toMatchObject({ level: 20, context: 'Refusals' });
    expect(JSON.stringify(refusal)).not.toMatch(/stack|\n\s+at /);
    expect(logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    // Requests carry a correlation id; no token, pseudonym or header reaches the log.
    expect(
      logs.filter((line) => line.msg === 'request completed').every((line) => typeof line.correlationId === 'string'),
    ).toBe(true);
    expect(text).not.toContain('Canary Pseudonym');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/authorization|bearer/i);
  }, 90_000);
});
