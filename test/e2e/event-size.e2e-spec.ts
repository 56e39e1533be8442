import { TestApp } from '../support/test-app';

/**
 * The event store refuses any append over its limit (PLENARY_MAX_APPEND_BYTES, EventStoreDB's
 * MaxAppendSize); a command that meets it answers a specific reason and writes nothing.
 */
describe('the append limit over GraphQL (e2e)', () => {
  let app: TestApp;
  let operator: string;
  const PUBLISH = `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`;

  beforeAll(async () => {
    app = await TestApp.start({ PLENARY_MAX_APPEND_BYTES: '2048' });
    operator = await app.operatorToken('size-operator');
  });

  afterAll(async () => {
    await app.stop();
  });

  it('answers BAD_USER_INPUT / APPEND_TOO_LARGE with the size and the limit, and appends nothing', async () => {
    // Each principle is within the input's own bounds; together they outgrow one append.
    const principles = Array.from({ length: 5 }, (_, index) => `Principle ${index}: ${'x'.repeat(500)}`);
    const result = await app.expectNothingAppended(() =>
      app.gql(PUBLISH, { input: { principles } }, { token: operator }),
    );
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'APPEND_TOO_LARGE', limit: 2048 });
    expect(error.extensions!.size as number).toBeGreaterThan(2048);
    expect(error.message).toMatch(/over the event store's limit of 2048 bytes per append/);
    expect(error.message).toMatch(/nothing was written/);
  });

  it('takes the same command once it fits', async () => {
    const result = await app.gql(PUBLISH, { input: { principles: ['Solidarity'] } }, { token: operator });
    expect(result.errors).toBeUndefined();
    expect(result.data!.publishCommitments.version).toBe(1);
  });
});
