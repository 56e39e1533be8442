import { TestApp } from '../support/test-app';

/**
 * Mercurius compiles a query with graphql-jit once it has seen it (the `jit` option), so the
 * second and later requests of one query text run other code than the first. Every answer a
 * client can get must stay the same: data, errors with their code and reason, nothing appended
 * on a refusal.
 */
describe('GraphQL queries compiled after their first execution', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await TestApp.start();
  });
  afterAll(() => app.stop());

  const ENROL = `mutation ($input: EnrollMemberInput!) {
    enrollMember(input: $input) { memberId token receipt { position replayed } }
  }`;
  const ME = '{ me { pseudonym region } }';
  /** The same request three times: the first interpreted, the later ones compiled. */
  const thrice = async (send: () => Promise<unknown>) => [await send(), await send(), await send()];

  it('answers an enrolment the same way compiled, and a replay as a replay', async () => {
    const commandId = '5e0c2b6a-3f7d-4c1e-9a8b-0d4f6e2a1c90';
    const [first, second, third] = await thrice(() =>
      app.gql(ENROL, {
        input: { pseudonym: 'Jit Ada', region: 'Bavaria', acceptedCommitmentsVersion: null, commandId },
      }),
    );
    expect(first).toMatchObject({ status: 200, data: { enrollMember: { receipt: { replayed: false } } } });
    expect(second).toMatchObject({ data: { enrollMember: { receipt: { replayed: true } } } });
    // Each answer carries a newly signed token (ES256 signatures differ every time); the rest is equal.
    const withoutToken = (result: unknown) => {
      const { token, ...rest } = (
        result as { data: { enrollMember: { token: string; memberId: string; receipt: Record<string, unknown> } } }
      ).data.enrollMember;
      expect(typeof token).toBe('string');
      return rest;
    };
    expect(withoutToken(third)).toEqual(withoutToken(second));
    expect(withoutToken(second)).toEqual({
      ...withoutToken(first),
      receipt: { ...withoutToken(first).receipt, replayed: true },
    });
  });

  it('refuses bad input with the same code, reason and fields, appending nothing', async () => {
    const answers = await app.expectNothingAppended(() =>
      thrice(() => app.gql(ENROL, { input: { pseudonym: 'x', region: null, acceptedCommitmentsVersion: null } })),
    );
    expect(answers[0]).toMatchObject({
      status: 200,
      data: null,
      errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' } }],
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('refuses variables of the wrong type the same way', async () => {
    const answers = await app.expectNothingAppended(() =>
      thrice(() => app.gql(ENROL, { input: { pseudonym: 42, region: null } })),
    );
    expect(answers[0]).toMatchObject({
      errors: [{ extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_VARIABLES' } }],
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('answers a query needing a token the same way without one, with a bad one and with a good one', async () => {
    const [none] = await thrice(() => app.gql(ME));
    expect(none).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await app.gql(ME)).toEqual(none);
    const bad = await thrice(() => app.gql(ME, {}, { token: 'not-a-token' }));
    expect(bad[0]).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(bad[2]).toEqual(bad[0]);
    const { token, position } = await app.enroll('Jit Grace', 'Saxony');
    const query = `{ me(waitForPosition: "${position}") { pseudonym region } }`;
    const good = await thrice(() => app.gql(query, {}, { token }));
    expect(good[0]).toMatchObject({ data: { me: { pseudonym: 'Jit Grace', region: 'Saxony' } } });
    expect(good[2]).toEqual(good[0]);
  });
});
