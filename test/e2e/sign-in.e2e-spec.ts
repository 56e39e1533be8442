import { readFileSync, readdirSync } from 'node:fs';
import { TestApp } from '../support/test-app';

/**
 * Sign-in for the embedded setup over HTTP: passphrases, sessions of an access token and a
 * rotating refresh token, reuse detection, sign-out, and two API processes on one store.
 */
const SET = `mutation ($input: SetPassphraseInput!) { setPassphrase(input: $input) { receipt { position } } }`;
const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) { memberId accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt receipt { position replayed } }
}`;
const REFRESH = `mutation ($input: RefreshTokenInput!) {
  refreshSession(input: $input) { memberId accessToken refreshToken receipt { position replayed } }
}`;
const SIGN_OUT = `mutation ($input: RefreshTokenInput!) { signOut(input: $input) { receipt { position } } }`;
const ME = '{ me { id pseudonym } }';
const PASSPHRASE = 'correct horse battery staple';

describe('sign-in for the embedded setup (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  async function member(pseudonym: string) {
    const enrolled = await app.enroll(pseudonym);
    const set = await app.gql(SET, { input: { passphrase: PASSPHRASE } }, { token: enrolled.token });
    expect(set.errors).toBeUndefined();
    return enrolled;
  }

  async function signIn(target: TestApp, pseudonym: string, passphrase = PASSPHRASE, commandId?: string) {
    return target.gql(SIGN_IN, { input: { pseudonym, passphrase, commandId } });
  }

  function reason(result: { errors?: Array<{ extensions?: Record<string, unknown> }> }) {
    return result.errors?.[0]?.extensions?.reason;
  }

  it('keeps the passphrase only as a sealed argon2id hash, and refuses a short one', async () => {
    const ada = await app.enroll('Ada Passphrase');
    const short = await app.expectNothingAppended(() =>
      app.gql(SET, { input: { passphrase: 'too short' } }, { token: ada.token }),
    );
    expect(short.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PASSPHRASE_LENGTH' });
    const unique = 'a passphrase seen nowhere else 7f3a';
    expect((await app.gql(SET, { input: { passphrase: unique } }, { token: ada.token })).errors).toBeUndefined();
    const [event] = await app.store.readStream(`Credentials-${ada.memberId}`);
    expect(event.data).toMatchObject({ passphraseHash: { scheme: 'aes-256-gcm', keyId: ada.memberId } });
    expect(JSON.stringify(event.data)).not.toMatch(/argon2|7f3a/);
    const dir = app.config.dataDir;
    for (const file of readdirSync(dir).filter((name) => name.endsWith('sqlite') || name.endsWith('-wal'))) {
      const bytes = readFileSync(`${dir}/${file}`);
      expect(bytes.includes(Buffer.from(unique))).toBe(false);
      expect(bytes.includes(Buffer.from('$argon2id$'))).toBe(false);
    }
  });

  it('signs in for tokens that work; a wrong passphrase or unknown pseudonym is one refusal, appending nothing', async () => {
    await member('Bea Signin');
    for (const [pseudonym, passphrase] of [
      ['Bea Signin', 'not the passphrase at all'],
      ['Nobody Here', PASSPHRASE],
      ['Ada Passphrase', PASSPHRASE],
    ]) {
      const refused = await app.expectNothingAppended(() => signIn(app, pseudonym, passphrase));
      expect(refused.errors![0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'SIGN_IN_FAILED' });
    }
    const result = await signIn(app, 'bea  signin');
    expect(result.errors).toBeUndefined();
    const session = result.data!.signIn;
    const me = await app.gql(ME, {}, { token: session.accessToken });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ id: session.memberId });
    expect(Date.parse(session.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('rotates the refresh token; reusing a rotated one ends the whole session', async () => {
    await member('Cy Rotator');
    const first = (await signIn(app, 'Cy Rotator')).data!.signIn;
    const second = (await app.gql(REFRESH, { input: { refreshToken: first.refreshToken } })).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = (await app.gql(REFRESH, { input: { refreshToken: second.refreshToken } })).data!.refreshSession;

    const reused = await app.gql(REFRESH, { input: { refreshToken: first.refreshToken } });
    expect(reused.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    const [, , , revoked] = await app.store.readStream(`Session-${first.refreshToken.split('.')[0]}`);
    expect(revoked).toMatchObject({ type: 'SessionRevoked', data: { reason: 'refresh-token-reused' } });
    // Every token of the family stops working, the newest included.
    expect(reason(await app.gql(REFRESH, { input: { refreshToken: third.refreshToken } }))).toBe(
      'REFRESH_TOKEN_REUSED',
    );
    expect(reason(await app.gql(ME, {}, { token: third.accessToken }))).toBe('SESSION_REVOKED');
  });

  it('a retried refresh with the same command id gets the same tokens, not a reuse alarm', async () => {
    await member('Dee Retrier');
    const first = (await signIn(app, 'Dee Retrier')).data!.signIn;
    const commandId = '0f0f0f0f-1111-4222-8333-444444444444';
    const once = await app.gql(REFRESH, { input: { refreshToken: first.refreshToken, commandId } });
    const again = await app.gql(REFRESH, { input: { refreshToken: first.refreshToken, commandId } });
    expect(again.errors).toBeUndefined();
    expect(again.data!.refreshSession.refreshToken).toBe(once.data!.refreshSession.refreshToken);
    expect(again.data!.refreshSession.receipt.replayed).toBe(true);
  });

  it('signing out ends the session at once: its access token and refresh token stop working', async () => {
    await member('Eve Leaver');
    const session = (await signIn(app, 'Eve Leaver')).data!.signIn;
    expect((await app.gql(SIGN_OUT, { input: { refreshToken: session.refreshToken } })).errors).toBeUndefined();
    expect(reason(await app.gql(ME, {}, { token: session.accessToken }))).toBe('SESSION_REVOKED');
    expect(reason(await app.gql(REFRESH, { input: { refreshToken: session.refreshToken } }))).toBe('SESSION_REVOKED');
    const unknown = await app.expectNothingAppended(() =>
      app.gql(SIGN_OUT, { input: { refreshToken: 'not-a-token' } }),
    );
    expect(reason(unknown)).toBe('REFRESH_TOKEN_INVALID');
  });

  it('keeps sessions on the log: another process refreshes, detects reuse and sees sign-outs', async () => {
    await member('Fay Twoplaces');
    const other = await TestApp.start({ PLENARY_DATA_DIR: app.config.dataDir });
    try {
      const first = (await signIn(app, 'Fay Twoplaces')).data!.signIn;
      const rotated = await other.gql(REFRESH, { input: { refreshToken: first.refreshToken } });
      expect(rotated.errors).toBeUndefined();
      expect((await other.gql(ME, {}, { token: first.accessToken })).errors).toBeUndefined();
      // The first process sees the rotation: the old token is a reuse there too.
      expect(reason(await app.gql(REFRESH, { input: { refreshToken: first.refreshToken } }))).toBe(
        'REFRESH_TOKEN_REUSED',
      );
      expect(reason(await other.gql(ME, {}, { token: rotated.data!.refreshSession.accessToken }))).toBe(
        'SESSION_REVOKED',
      );
    } finally {
      await other.app.close();
    }
  });

  it('ends the sessions of a resigned or erased member at once, and they cannot sign in again', async () => {
    await member('Gus Resigner');
    const gus = (await signIn(app, 'Gus Resigner')).data!.signIn;
    expect((await app.gql('mutation { resign { memberId } }', {}, { token: gus.accessToken })).errors).toBeUndefined();
    expect(reason(await app.gql(ME, {}, { token: gus.accessToken }))).toBe('MEMBER_RESIGNED');
    expect(reason(await app.gql(REFRESH, { input: { refreshToken: gus.refreshToken } }))).toBe('MEMBER_RESIGNED');
    expect(reason(await signIn(app, 'Gus Resigner'))).toBe('MEMBER_RESIGNED');

    await member('Hal Eraser');
    const hal = (await signIn(app, 'Hal Eraser')).data!.signIn;
    expect(
      (await app.gql('mutation { erasePersonalData { memberId } }', {}, { token: hal.accessToken })).errors,
    ).toBeUndefined();
    expect(reason(await app.gql(ME, {}, { token: hal.accessToken }))).toBe('MEMBER_ERASED');
    expect(reason(await app.gql(REFRESH, { input: { refreshToken: hal.refreshToken } }))).toBe('MEMBER_ERASED');
    // The passphrase hash was sealed under the erased key: it can never be checked again.
    expect(reason(await signIn(app, 'Hal Eraser'))).toBe('SIGN_IN_FAILED');
  });
});

describe('sign-in in production without an identity provider (e2e, real HTTP)', () => {
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    app = await TestApp.start({
      NODE_ENV: 'production',
      PLENARY_AUTH: 'embedded',
      PLENARY_RATE_LIMIT_SIGN_INS_PER_ADDRESS: '3',
    });
    await app.app.listen(0, '127.0.0.1');
    const { port } = app.app.getHttpServer().address() as import('node:net').AddressInfo;
    url = `http://127.0.0.1:${port}/graphql`;
  });

  afterAll(async () => {
    await app.stop();
  });

  async function post(query: string, variables: Record<string, unknown>, token?: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as any,
    };
  }

  it('enrols with a passphrase, signs in, acts with the access token, and limits sign-in attempts per address', async () => {
    const enrol = `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token } }`;
    const head = await app.store.headPosition();
    const short = await post(enrol, { input: { pseudonym: 'Ivy Embedded', passphrase: 'short' } });
    expect(short.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'PASSPHRASE_LENGTH' });
    expect(await app.store.headPosition()).toBe(head);

    const enrolled = await post(enrol, { input: { pseudonym: 'Ivy Embedded', passphrase: PASSPHRASE } });
    expect(enrolled.body.data.enrollMember.token).toBeNull();
    const signedIn = await post(SIGN_IN, { input: { pseudonym: 'Ivy Embedded', passphrase: PASSPHRASE } });
    expect(signedIn.body.errors).toBeUndefined();
    const changed = await post(
      'mutation { changeMemberRegion(input: { region: "Porto" }) { memberId } }',
      {},
      signedIn.body.data.signIn.accessToken,
    );
    expect(changed.body.errors).toBeUndefined();

    for (let attempt = 0; attempt < 2; attempt++) {
      const wrong = await post(SIGN_IN, { input: { pseudonym: 'Ivy Embedded', passphrase: 'guess number one two' } });
      expect(wrong.status).toBe(200);
      expect(wrong.body.errors[0].extensions.reason).toBe('SIGN_IN_FAILED');
    }
    const limited = await post(SIGN_IN, { input: { pseudonym: 'Ivy Embedded', passphrase: PASSPHRASE } });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThan(0);
    expect(limited.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', reason: 'TOO_MANY_SIGN_INS' });
  });
});
