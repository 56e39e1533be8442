import { TestApp } from '../support/test-app';

const ENROLL = `mutation ($input: EnrollMemberInput!) {
  enrollMember(input: $input) { memberId pseudonym token receipt { commandId position revision replayed } }
}`;
const JOIN = `mutation ($input: JoinChapterInput!) {
  joinChapter(input: $input) { memberId receipt { position revision } }
}`;
const LEAVE = `mutation { leaveChapter { memberId receipt { position } } }`;
const ME = `query ($wait: String) { me(waitForPosition: $wait) { id pseudonym region enrolledAt chapter { id name memberCount } } }`;
const CHAPTERS = `query ($wait: String) { chapters(waitForPosition: $wait) { id name kind region memberCount } }`;

describe('membership over GraphQL (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('enrols a member, founds chapters, joins and leaves, and reads it all back', async () => {
    const ada = await app.enroll('Ada Lovelace', 'London');
    expect(ada.memberId).toMatch(/^[0-9a-f-]{36}$/);

    const me = await app.gql(ME, { wait: ada.position }, { token: ada.token });
    expect(me.status).toBe(200);
    expect(me.data!.me).toMatchObject({ id: ada.memberId, pseudonym: 'Ada Lovelace', region: 'London', chapter: null });

    const london = await app.foundChapter(ada.token, 'London Central', 'London');
    const online = await app.foundChapter(ada.token, 'Online Europe', null);

    const joined = await app.gql(JOIN, { input: { chapterId: london.chapterId } }, { token: ada.token });
    expect(joined.errors).toBeUndefined();
    const grace = await app.enroll('Grace Hopper');
    const graceJoined = await app.gql(JOIN, { input: { chapterId: london.chapterId } }, { token: grace.token });

    const chapters = await app.gql(CHAPTERS, { wait: graceJoined.data!.joinChapter.receipt.position });
    expect(chapters.data!.chapters).toEqual([
      { id: london.chapterId, name: 'London Central', kind: 'LOCAL', region: 'London', memberCount: 2 },
      { id: online.chapterId, name: 'Online Europe', kind: 'ONLINE', region: null, memberCount: 0 },
    ]);

    const left = await app.gql(LEAVE, {}, { token: grace.token });
    const after = await app.gql(ME, { wait: left.data!.leaveChapter.receipt.position }, { token: grace.token });
    expect(after.data!.me.chapter).toBeNull();
    const adaView = await app.gql(ME, { wait: left.data!.leaveChapter.receipt.position }, { token: ada.token });
    expect(adaView.data!.me.chapter).toEqual({ id: london.chapterId, name: 'London Central', memberCount: 1 });
  });

  it('records command id, correlation id, actor and acceptance time on every event', async () => {
    const correlationId = '3b0c1f6e-9a7d-4c62-8f1e-5d2a7b9c0e11';
    const result = await app.gql(
      ENROLL,
      { input: { pseudonym: 'Meta Data' } },
      { headers: { 'x-correlation-id': correlationId } },
    );
    const { memberId, receipt } = result.data!.enrollMember;
    const [event] = await app.store.readStream(`Member-${memberId}`);
    expect(event.metadata).toEqual({
      commandId: receipt.commandId,
      correlationId,
      causationId: receipt.commandId,
      actor: null,
      acceptedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const chapter = await app.foundChapter(result.data!.enrollMember.token, 'Metadata Chapter', null);
    const [founded] = await app.store.readStream(`Chapter-${chapter.chapterId}`);
    expect(founded.metadata.actor).toEqual({ kind: 'member', memberId });
  });

  it('retries with the same commandId append nothing and return the same result', async () => {
    const commandId = '0d6c1a52-7a2b-4f0e-9d55-1c1b7f0a9e33';
    const first = await app.gql(ENROLL, { input: { pseudonym: 'Retry Rita', commandId } });
    const head = await app.store.headPosition();
    const second = await app.gql(ENROLL, { input: { pseudonym: 'Retry Rita', commandId } });
    expect(await app.store.headPosition()).toBe(head);
    expect(second.data!.enrollMember.memberId).toBe(first.data!.enrollMember.memberId);
    expect(second.data!.enrollMember.receipt).toEqual({ ...first.data!.enrollMember.receipt, replayed: true });
  });

  describe('rejections: a clear error and nothing appended', () => {
    it.each([
      ['empty', '', 'must not be empty'],
      ['too short', 'Al', 'at least 3'],
      ['too long', 'x'.repeat(41), 'at most 40'],
      ['far too long', 'x'.repeat(300), 'at most 256'],
      ['only symbols', '!!!', 'may contain letters'],
    ])('a pseudonym that is %s is BAD_USER_INPUT naming the field', async (_label, pseudonym, message) => {
      const result = await app.expectNothingAppended(() => app.gql(ENROLL, { input: { pseudonym } }));
      expect(result.status).toBe(200);
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'pseudonym', message: expect.stringContaining(message) }],
      });
    });

    it('a duplicate pseudonym, in any case or spacing, is CONFLICT PSEUDONYM_TAKEN', async () => {
      await app.enroll('Unique Name');
      const result = await app.expectNothingAppended(() =>
        app.gql(ENROLL, { input: { pseudonym: '  unique   NAME ' } }),
      );
      expect(result.errors![0]).toMatchObject({
        message: expect.stringContaining('already taken'),
        extensions: { code: 'CONFLICT', reason: 'PSEUDONYM_TAKEN', field: 'pseudonym' },
      });
    });

    it('a rejected enrolment reserves nothing: an invalid region leaves the pseudonym free', async () => {
      const bad = await app.expectNothingAppended(() =>
        app.gql(ENROLL, { input: { pseudonym: 'Region Less', region: '   ' } }),
      );
      expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
      await expect(app.enroll('Region Less')).resolves.toBeDefined();
    });

    it('joining an unknown chapter is NOT_FOUND', async () => {
      const member = await app.enroll('Lost Member');
      const result = await app.expectNothingAppended(() =>
        app.gql(JOIN, { input: { chapterId: '6a1f7e2c-0000-4000-8000-000000000000' } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CHAPTER_NOT_FOUND' });
    });

    it('joining the same chapter twice is CONFLICT ALREADY_IN_CHAPTER', async () => {
      const member = await app.enroll('Twice Joiner');
      const chapter = await app.foundChapter(member.token, 'Twice Town', 'Twice');
      await app.gql(JOIN, { input: { chapterId: chapter.chapterId } }, { token: member.token });
      const result = await app.expectNothingAppended(() =>
        app.gql(JOIN, { input: { chapterId: chapter.chapterId } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_IN_CHAPTER' });
    });

    it('a malformed chapter id is BAD_USER_INPUT', async () => {
      const member = await app.enroll('Typo Typist');
      const result = await app.expectNothingAppended(() =>
        app.gql(JOIN, { input: { chapterId: 'not-a-uuid' } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'chapterId', message: 'chapterId must be a UUID' }],
      });
    });

    it('founding a chapter needs a token: UNAUTHENTICATED without one or with a bad one', async () => {
      const query = `mutation { foundChapter(input: { name: "No Token", kind: ONLINE }) { chapterId } }`;
      const none = await app.expectNothingAppended(() => app.gql(query));
      expect(none.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      const forged = await app.expectNothingAppended(() => app.gql(query, {}, { token: 'eyJhbGciOiJub25lIn0.e30.' }));
      expect(forged.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(forged.errors![0].message).toMatch(/not valid/);
    });

    it('a local chapter without a region, or an online one with a region, is BAD_USER_INPUT', async () => {
      const member = await app.enroll('Chapter Founder');
      const local = await app.expectNothingAppended(() =>
        app.gql(
          `mutation { foundChapter(input: { name: "Nowhere", kind: LOCAL }) { chapterId } }`,
          {},
          { token: member.token },
        ),
      );
      expect(local.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'region' }] });
      const online = await app.expectNothingAppended(() =>
        app.gql(
          `mutation { foundChapter(input: { name: "Everywhere", kind: ONLINE, region: "Paris" }) { chapterId } }`,
          {},
          { token: member.token },
        ),
      );
      expect(online.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'region' }] });
    });

    it('a duplicate chapter name is CONFLICT CHAPTER_NAME_TAKEN', async () => {
      const member = await app.enroll('Name Clasher');
      await app.foundChapter(member.token, 'Clash City', 'Clash');
      const result = await app.expectNothingAppended(() =>
        app.gql(
          `mutation { foundChapter(input: { name: "clash city", kind: ONLINE }) { chapterId } }`,
          {},
          { token: member.token },
        ),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CHAPTER_NAME_TAKEN' });
    });

    it('me needs a member token; an operator token is refused', async () => {
      const operator = await app.operatorToken();
      const result = await app.gql(ME, {}, { token: operator });
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('an unknown field is a request error: 400 with no data, GRAPHQL_VALIDATION_FAILED', async () => {
      const result = await app.gql(`{ chapters { id nonsense } }`);
      expect(result.status).toBe(400);
      expect(result.contentType).toMatch(/^application\/graphql-response\+json/);
      expect(result).not.toHaveProperty('data');
      expect(result.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    });
  });

  it('50 concurrent commands with the same expected revision: one succeeds, 49 CONFLICT, no 5xx', async () => {
    const member = await app.enroll('Contended Member');
    const mutation = `mutation ($input: ChangeMemberRegionInput!) {
      changeMemberRegion(input: $input) { receipt { revision } }
    }`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        app.gql(mutation, { input: { region: `Region ${index}`, expectedRevision: '0' } }, { token: member.token }),
      ),
    );
    expect(results.filter((result) => result.status >= 500)).toEqual([]);
    const succeeded = results.filter((result) => result.errors === undefined);
    const conflicts = results.filter((result) => result.errors?.[0].extensions?.code === 'CONFLICT');
    expect(succeeded).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(conflicts[0].errors![0].extensions).toMatchObject({
      reason: 'REVISION_CONFLICT',
      expectedRevision: '0',
      actualRevision: '1',
    });
    expect(await app.store.readStream(`Member-${member.memberId}`)).toHaveLength(2);
  });
});
