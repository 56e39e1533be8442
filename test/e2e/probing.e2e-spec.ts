import request from 'supertest';
import { TestApp } from '../support/test-app';

/**
 * Defects found by probing the running service, each replayed over real HTTP: a request that
 * is refused answers a request error with its own code and appends nothing.
 */
const ENROL = `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId token receipt { position } } }`;
const NO_STACKS = /at .*\.(js|ts):\d+|node_modules|\/src\//;

describe('defects found by probing (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
  });

  afterAll(async () => {
    await app.stop();
  });

  async function unchangedLog<T>(action: () => Promise<T>): Promise<T> {
    return app.expectNothingAppended(action);
  }

  describe('cross-site requests: only application/json bodies carry an operation', () => {
    const mutation = 'mutation { enrollMember(input: { pseudonym: "Form Victim" }) { memberId } }';

    it.each([
      ['application/x-www-form-urlencoded', `query=${encodeURIComponent(mutation)}`],
      ['text/plain', JSON.stringify({ query: mutation })],
      [
        'multipart/form-data; boundary=xyz',
        `--xyz\r\ncontent-disposition: form-data; name="query"\r\n\r\n${mutation}\r\n--xyz--\r\n`,
      ],
      ['application/graphql', mutation],
    ])('refuses a %s post with 415 and executes nothing', async (contentType, body) => {
      const response = await unchangedLog(() =>
        request(app.server).post('/graphql').set('content-type', contentType).send(body),
      );
      expect(response.status).toBe(415);
      expect(response.body.errors[0].extensions).toEqual({
        code: 'BAD_REQUEST',
        reason: 'UNSUPPORTED_CONTENT_TYPE',
      });
      expect(response.body.errors[0].message).toMatch(/application\/json/);
    });

    it('still accepts application/json with a charset', async () => {
      const response = await request(app.server)
        .post('/graphql')
        .set('content-type', 'application/json; charset=utf-8')
        .send(JSON.stringify({ query: '{ readModelPosition }' }));
      expect(response.status).toBe(200);
      expect(response.body.data.readModelPosition).toEqual(expect.any(String));
    });

    it('answers a mutation over GET with 405 and a request error, not INTERNAL', async () => {
      const response = await unchangedLog(() =>
        request(app.server)
          .get('/graphql')
          .query({ query: mutation })
          .set('accept', 'application/graphql-response+json'),
      );
      expect(response.status).toBe(405);
      expect(response.headers.allow).toBe('POST');
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'MUTATION_OVER_GET' });
    });
  });

  describe('malformed requests answer request errors with their own codes', () => {
    it.each([
      ['a number', { query: 1 }],
      ['a boolean', { query: true }],
      ['an object', { query: { a: 1 } }],
      ['missing', { variables: {} }],
      ['a number in a string', { query: '0' }],
      ['null in a string', { query: 'null' }],
      ['a JSON syntax tree in a string', { query: '{"kind":"Document","definitions":[]}' }],
      // Each first character a JSON text can have, after JSON's whitespace.
      ['JSON after whitespace in a string', { query: ' \n\t\r0' }],
      ['a negative number in a string', { query: '-1' }],
      ['true in a string', { query: 'true' }],
      ['false in a string', { query: 'false' }],
      ['a JSON string in a string', { query: '"{ me }"' }],
      ['a JSON array in a string', { query: '[{"kind":"Document"}]' }],
    ])('query as %s', async (_what, body) => {
      const response = await unchangedLog(() =>
        request(app.server)
          .post('/graphql')
          .set('content-type', 'application/json')
          .set('accept', 'application/graphql-response+json')
          .send(JSON.stringify(body)),
      );
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_REQUEST' });
      expect(JSON.stringify(response.body)).not.toMatch(NO_STACKS);
    });

    it.each(['0', 'null', '[]'])('a GET whose query is the JSON %s', async (query) => {
      const response = await request(app.server)
        .get('/graphql')
        .query({ query })
        .set('accept', 'application/graphql-response+json');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_REQUEST' });
    });

    it.each(['false', '7', '[1]', '{'])('a GET whose variables are %s', async (variables) => {
      const response = await request(app.server)
        .get('/graphql')
        .query({ query: '{ readModelPosition }', variables })
        .set('accept', 'application/graphql-response+json');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_REQUEST' });
    });

    it('a GET naming an operation the document does not hold', async () => {
      const response = await request(app.server)
        .get('/graphql')
        .query({ query: '{ readModelPosition }', operationName: 'Q' })
        .set('accept', 'application/graphql-response+json');
      expect(response.status).toBe(400);
      expect(response.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'UNKNOWN_OPERATION' });
      const ambiguous = await request(app.server)
        .get('/graphql')
        .query({ query: 'query A { readModelPosition } query B { readModelPosition }' })
        .set('accept', 'application/graphql-response+json');
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'UNKNOWN_OPERATION' });
    });

    it('variables that are not an object, and JSON that does not parse', async () => {
      const variables = await request(app.server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('accept', 'application/graphql-response+json')
        .send(JSON.stringify({ query: '{ readModelPosition }', variables: 7 }));
      expect(variables.status).toBe(400);
      expect(variables.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_REQUEST' });
      const broken = await request(app.server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('accept', 'application/graphql-response+json')
        .send('{"query": ');
      expect(broken.status).toBe(400);
      expect(broken.body.errors[0].extensions).toEqual({ code: 'BAD_REQUEST', reason: 'INVALID_JSON' });
      expect(JSON.stringify(broken.body)).not.toMatch(NO_STACKS);
    });
  });

  describe('tokens the verifier refuses are UNAUTHENTICATED, never 500', () => {
    it.each([
      ['a token with alg none', `${b64({ alg: 'none' })}.${b64({ sub: 'x', iss: 'plenary', aud: 'plenary' })}.`],
      ['a token with an unknown algorithm', `${b64({ alg: 'XX999' })}.${b64({ sub: 'x' })}.c2ln`],
      ['three dots of nothing', '..'],
      ['a header that is not JSON', `${Buffer.from('{{{').toString('base64url')}.e30.c2ln`],
    ])('%s', async (_what, token) => {
      const response = await request(app.server)
        .post('/graphql')
        .set('content-type', 'application/json')
        .set('authorization', `Bearer ${token}`)
        .send({ query: '{ me { id } }' });
      expect(response.status).toBe(200);
      expect(response.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(response.body.errors[0].message).not.toMatch(/ERR_|JWS|JWT|CryptoKey|jose/i);
    });
  });

  describe('an erased member can no longer act', () => {
    it('every token of theirs stops working, on this process and on another one on the same store', async () => {
      const enrolled = await app.gql(ENROL, { input: { pseudonym: 'Erin Erased', region: 'Lyon' } });
      const { token } = enrolled.data!.enrollMember;
      const other = await TestApp.start({ PLENARY_DATA_DIR: app.config.dataDir });
      try {
        // A second token for the same member, signed by the other process.
        const me = await other.gql('{ me { id } }', {}, { token });
        expect(me.errors).toBeUndefined();
        const erased = await app.gql('mutation { erasePersonalData { memberId } }', {}, { token });
        expect(erased.errors).toBeUndefined();
        for (const target of [app, other]) {
          const region = await unchangedLog(() =>
            target.gql('mutation { changeMemberRegion(input: { region: "Paris" }) { memberId } }', {}, { token }),
          );
          expect(region.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
          const found = await unchangedLog(() =>
            target.gql(
              'mutation { foundChapter(input: { name: "Erased Chapter", kind: ONLINE }) { chapterId } }',
              {},
              { token },
            ),
          );
          expect(found.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
          const profile = await target.gql('{ me { id } }', {}, { token });
          expect(profile.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'MEMBER_ERASED' });
        }
      } finally {
        await other.app.close();
      }
    });
  });

  describe('spoofable names are refused with a specific reason', () => {
    it.each([
      ['a right-to-left override', 'Ada\u202Eecalevol', 'NAME_BIDI_CONTROL'],
      ['a left-to-right isolate', 'Ada \u2066Lovelace', 'NAME_BIDI_CONTROL'],
      ['a zero-width space', 'Ada\u200BLovelace', 'NAME_INVISIBLE_CHARACTER'],
      ['a zero-width joiner', 'Ada\u200DLovelace', 'NAME_INVISIBLE_CHARACTER'],
      ['a byte order mark', 'Ada\uFEFFLovelace', 'NAME_INVISIBLE_CHARACTER'],
      ['a soft hyphen', 'Ada\u00ADLovelace', 'NAME_INVISIBLE_CHARACTER'],
      ['a control character', 'Ada\u0007Lovelace', 'NAME_CONTROL_CHARACTER'],
      ['a line break', 'Ada\nLovelace', 'NAME_CONTROL_CHARACTER'],
      ['a tab', 'Ada\tLovelace', 'NAME_CONTROL_CHARACTER'],
      ['a lone surrogate', 'Ada\uD800Lovelace', 'NAME_LONE_SURROGATE'],
      ['Latin mixed with a Cyrillic look-alike', 'Ad\u0430 Lovelace', 'NAME_MIXED_SCRIPTS'],
    ])('a pseudonym with %s', async (_what, pseudonym, reason) => {
      const result = await unchangedLog(() => app.gql(ENROL, { input: { pseudonym } }));
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason,
        fields: [{ field: 'pseudonym', reason }],
      });
    });

    it('a chapter name with a bidirectional override or a zero-width character', async () => {
      const founder = await app.enroll('Chapter Spoofer');
      for (const [name, reason] of [
        ['Lyon\u202E Nord', 'NAME_BIDI_CONTROL'],
        ['Lyon\u200B Nord', 'NAME_INVISIBLE_CHARACTER'],
      ]) {
        const result = await unchangedLog(() =>
          app.gql(
            'mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId } }',
            { input: { name, kind: 'ONLINE' } },
            { token: founder.token },
          ),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason });
      }
    });

    it('names in one script other than Latin, and Latin with accents, are still welcome', async () => {
      for (const pseudonym of ['Анна Каренина', 'Zoë Ångström', '李小龍', "Jean-Luc O'Neill"]) {
        const result = await app.gql(ENROL, { input: { pseudonym } });
        expect(result.errors).toBeUndefined();
      }
    });
  });

  describe('one limit for contact details', () => {
    it('the schema and the server agree on 500 characters, counted as characters', async () => {
      const schema = await app.gql('{ __type(name: "EnrollMemberInput") { inputFields { name description } } }');
      const contact = schema.data!.__type.inputFields.find((field: { name: string }) => field.name === 'contact');
      expect(contact.description).toMatch(/at most 500 characters/);
      const emoji = '\u{1F600}'.repeat(500); // 1,000 UTF-16 units, 500 characters
      expect((await app.gql(ENROL, { input: { pseudonym: 'Contact Full', contact: emoji } })).errors).toBeUndefined();
      const tooLong = await unchangedLog(() =>
        app.gql(ENROL, { input: { pseudonym: 'Contact Over', contact: 'x'.repeat(501) } }),
      );
      expect(tooLong.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'contact', message: expect.stringContaining('500') }],
      });
    });
  });
});

function b64(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
