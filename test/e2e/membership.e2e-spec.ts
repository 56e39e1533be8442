import { TestApp } from '../support/test-app';

const ENROLL = `mutation ($input: EnrollMemberInput!) {
  enrollMember(input: $input) { memberId pseudonym token receipt { commandId position revision replayed } }
}`;
const JOIN = `mutation ($input: JoinChapterInput!) {
  joinChapter(input: $input) { memberId receipt { position revision } }
}`;
const LEAVE = `mutation { leaveChapter { memberId receipt { position } } }`;
const ME = `query ($wait: String) {
  me(waitForPosition: $wait) {
    id pseudonym region status acceptedCommitmentsVersion enrolledAt resignedAt chapter { id name memberCount }
  }
}`;
const CHAPTERS = `query ($wait: String, $first: Int, $after: String) {
  chapters(waitForPosition: $wait, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage } nodes { id name kind region memberCount }
  }
}`;

describe('membership over GraphQL (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Founders are the subject of chapters.e2e-spec.ts; here one founder founds a chapter.
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('enrols a member, founds chapters, joins and leaves, and reads it all back', async () => {
    const ada = await app.enroll('Ada Lovelace', 'London');
    expect(ada.memberId).toMatch(/^[0-9a-f-]{36}$/);

    const me = await app.gql(ME, { wait: ada.position }, { token: ada.token });
    expect(me.status).toBe(200);
    expect(me.data!.me).toMatchObject({
      id: ada.memberId,
      pseudonym: 'Ada Lovelace',
      region: 'London',
      status: 'ACTIVE',
      acceptedCommitmentsVersion: null,
      resignedAt: null,
      chapter: null,
    });

    // A founder joins the chapter they found.
    const london = await app.foundChapter(ada.token, 'London Central', 'London');
    const bob = await app.enroll('Bob Online');
    const online = await app.foundChapter(bob.token, 'Online Europe', null);

    const grace = await app.enroll('Grace Hopper');
    const graceJoined = await app.gql(JOIN, { input: { chapterId: london.chapterId } }, { token: grace.token });
    expect(graceJoined.errors).toBeUndefined();

    const chapters = await app.gql(CHAPTERS, { wait: graceJoined.data!.joinChapter.receipt.position });
    expect(chapters.data!.chapters.nodes).toEqual([
      { id: london.chapterId, name: 'London Central', kind: 'LOCAL', region: 'London', memberCount: 2 },
      { id: online.chapterId, name: 'Online Europe', kind: 'ONLINE', region: null, memberCount: 1 },
    ]);
    expect(chapters.data!.chapters.totalCount).toBe(2);

    // Page by page, one at a time: the same chapters in the same order, each once.
    const first = await app.gql(CHAPTERS, { first: 1 });
    expect(first.data!.chapters).toMatchObject({
      totalCount: 2,
      pageInfo: { hasNextPage: true },
      nodes: [{ id: london.chapterId }],
    });
    const second = await app.gql(CHAPTERS, { first: 1, after: first.data!.chapters.pageInfo.endCursor });
    expect(second.data!.chapters).toMatchObject({
      pageInfo: { hasNextPage: false },
      nodes: [{ id: online.chapterId }],
    });
    const foreign = await app.gql(CHAPTERS, { after: Buffer.from('1:not-a-chapter').toString('base64url') });
    expect(foreign.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' },
    });
    const tooMany = await app.gql(CHAPTERS, { first: 201 });
    expect(tooMany.errors![0]).toMatchObject({ message: expect.stringContaining('first'), extensions: { code: 'BAD_USER_INPUT' } });

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
      const founder = await app.enroll('Twice Founder');
      const chapter = await app.foundChapter(founder.token, 'Twice Town', 'Twice');
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
      const first = await app.enroll('Name Clasher');
      await app.foundChapter(first.token, 'Clash City', 'Clash');
      const member = await app.enroll('Second Clasher');
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
      const result = await app.gql(`{ chapters { nodes { id nonsense } } }`);
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

const TRANSFER = `mutation ($input: TransferChapterInput!) {
  transferChapter(input: $input) { memberId receipt { commandId position revision replayed } }
}`;
const RESIGN = `mutation ($input: ResignInput) { resign(input: $input) { memberId receipt { commandId position revision replayed } } }`;
const PUBLISH = `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`;

describe('transferring between chapters and resigning (e2e)', () => {
  let app: TestApp;
  let north: { chapterId: string };
  let south: { chapterId: string };

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
    north = await app.foundChapter((await app.enroll('North Founder')).token, 'North Chapter', 'North');
    south = await app.foundChapter((await app.enroll('South Founder')).token, 'South Chapter', 'South');
  });

  afterAll(async () => {
    await app.stop();
  });

  async function memberIn(pseudonym: string, chapterId: string) {
    const member = await app.enroll(pseudonym);
    const joined = await app.gql(JOIN, { input: { chapterId } }, { token: member.token });
    expect(joined.errors).toBeUndefined();
    return member;
  }

  it('moves a member from one chapter to another in one event, and the counts follow', async () => {
    const member = await memberIn('Tess Transfer', north.chapterId);
    const result = await app.gql(TRANSFER, { input: { chapterId: south.chapterId } }, { token: member.token });
    expect(result.errors).toBeUndefined();
    const events = await app.store.readStream(`Member-${member.memberId}`);
    expect(events.map((event) => event.type)).toEqual([
      'MemberEnrolled',
      'MemberJoinedChapter',
      'MemberTransferredChapter',
    ]);
    expect(events[2].data).toEqual({
      memberId: member.memberId,
      fromChapterId: north.chapterId,
      toChapterId: south.chapterId,
      transferredAt: expect.any(String),
    });
    const wait = result.data!.transferChapter.receipt.position;
    const me = await app.gql(ME, { wait }, { token: member.token });
    expect(me.data!.me.chapter).toMatchObject({ id: south.chapterId, name: 'South Chapter' });
    const counts = await app.gql(CHAPTERS, { wait });
    expect(counts.data!.chapters.nodes.map((chapter: { memberCount: number }) => chapter.memberCount)).toEqual([1, 2]);
  });

  it('a retried transfer with the same commandId appends nothing and returns the same receipt', async () => {
    const member = await memberIn('Retry Transfer', north.chapterId);
    const commandId = '5e0f3c1a-2b4d-4e6f-8a9b-0c1d2e3f4a5b';
    const first = await app.gql(
      TRANSFER,
      { input: { chapterId: south.chapterId, commandId } },
      { token: member.token },
    );
    const second = await app.expectNothingAppended(() =>
      app.gql(TRANSFER, { input: { chapterId: south.chapterId, commandId } }, { token: member.token }),
    );
    expect(second.data!.transferChapter.receipt).toEqual({ ...first.data!.transferChapter.receipt, replayed: true });
  });

  describe('transfer rejections: a clear error and nothing appended', () => {
    it('a member in no chapter is CONFLICT NOT_IN_A_CHAPTER', async () => {
      const member = await app.enroll('Homeless Hal');
      const result = await app.expectNothingAppended(() =>
        app.gql(TRANSFER, { input: { chapterId: south.chapterId } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_IN_A_CHAPTER' });
    });

    it('the same chapter is CONFLICT ALREADY_IN_CHAPTER', async () => {
      const member = await memberIn('Same Sam', north.chapterId);
      const result = await app.expectNothingAppended(() =>
        app.gql(TRANSFER, { input: { chapterId: north.chapterId } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_IN_CHAPTER' });
    });

    it('an unknown target is NOT_FOUND CHAPTER_NOT_FOUND', async () => {
      const member = await memberIn('Lost Lou', north.chapterId);
      const result = await app.expectNothingAppended(() =>
        app.gql(TRANSFER, { input: { chapterId: '6a1f7e2c-0000-4000-8000-000000000000' } }, { token: member.token }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CHAPTER_NOT_FOUND' });
    });

    it('needs a member token', async () => {
      const result = await app.expectNothingAppended(() =>
        app.gql(TRANSFER, { input: { chapterId: south.chapterId } }),
      );
      expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  it('resigns a member: status RESIGNED, out of the chapter, uncounted, pseudonym still reserved', async () => {
    const member = await memberIn('Rhea Resigner', north.chapterId);
    const before = await app.gql(CHAPTERS, {});
    const northBefore = before.data!.chapters.nodes.find((chapter: { id: string }) => chapter.id === north.chapterId);
    const result = await app.gql(RESIGN, {}, { token: member.token });
    expect(result.errors).toBeUndefined();
    const [, , resigned] = await app.store.readStream(`Member-${member.memberId}`);
    expect(resigned).toMatchObject({
      type: 'MemberResigned',
      data: { memberId: member.memberId, chapterId: north.chapterId },
    });

    const wait = result.data!.resign.receipt.position;
    const me = await app.gql(ME, { wait }, { token: member.token });
    expect(me.data!.me).toMatchObject({ status: 'RESIGNED', chapter: null, resignedAt: expect.any(String) });
    const after = await app.gql(CHAPTERS, { wait });
    const northAfter = after.data!.chapters.nodes.find((chapter: { id: string }) => chapter.id === north.chapterId);
    expect(northAfter.memberCount).toBe(northBefore.memberCount - 1);

    const reuse = await app.expectNothingAppended(() => app.gql(ENROLL, { input: { pseudonym: 'rhea resigner' } }));
    expect(reuse.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'PSEUDONYM_TAKEN' });
  });

  it('a resigned member can no longer join, leave, transfer, change region, found, sign or resign: MEMBER_RESIGNED', async () => {
    const member = await memberIn('Gone Gwen', north.chapterId);
    await app.gql(RESIGN, {}, { token: member.token });
    const attempts: Array<[string, Record<string, unknown>]> = [
      [JOIN, { input: { chapterId: south.chapterId } }],
      [LEAVE, {}],
      [TRANSFER, { input: { chapterId: south.chapterId } }],
      [`mutation { changeMemberRegion(input: { region: "Elsewhere" }) { memberId } }`, {}],
      [`mutation { foundChapter(input: { name: "Ghost Chapter", kind: ONLINE }) { chapterId } }`, {}],
      [`mutation ($id: ID!) { signChapterFounding(input: { chapterId: $id }) { chapterId } }`, { id: south.chapterId }],
      [RESIGN, {}],
    ];
    for (const [query, variables] of attempts) {
      const result = await app.expectNothingAppended(() => app.gql(query, variables, { token: member.token }));
      expect(result.errors).toHaveLength(1);
      // Signing an active chapter is refused for the chapter's sake before the signer is looked at.
      const expected = query.includes('signChapterFounding') ? 'CHAPTER_NOT_FORMING' : 'MEMBER_RESIGNED';
      expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: expected });
    }
  });

  it('a retried resignation with the same commandId appends nothing and returns the same receipt', async () => {
    const member = await app.enroll('Retry Resigner');
    const commandId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const first = await app.gql(RESIGN, { input: { commandId } }, { token: member.token });
    const second = await app.expectNothingAppended(() =>
      app.gql(RESIGN, { input: { commandId } }, { token: member.token }),
    );
    expect(second.data!.resign.receipt).toEqual({ ...first.data!.resign.receipt, replayed: true });
  });

  it('resigning needs a member token', async () => {
    const operator = await app.operatorToken();
    const result = await app.expectNothingAppended(() => app.gql(RESIGN, {}, { token: operator }));
    expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('accepting the commitments on enrolment (e2e)', () => {
  let app: TestApp;
  let operator: string;

  beforeAll(async () => {
    app = await TestApp.start();
    operator = await app.operatorToken();
  });

  afterAll(async () => {
    await app.stop();
  });

  const enrol = (pseudonym: string, acceptedCommitmentsVersion?: number | null, commandId?: string) =>
    app.gql(ENROLL, { input: { pseudonym, acceptedCommitmentsVersion, commandId } });

  it('before any publication, enrols without a version and refuses one as COMMITMENTS_VERSION_UNKNOWN', async () => {
    const early = await enrol('Early Bird');
    expect(early.errors).toBeUndefined();
    const me = await app.gql(
      ME,
      { wait: early.data!.enrollMember.receipt.position },
      { token: early.data!.enrollMember.token },
    );
    expect(me.data!.me.acceptedCommitmentsVersion).toBeNull();

    const premature = await app.expectNothingAppended(() => enrol('Premature Pat', 1));
    expect(premature.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'COMMITMENTS_VERSION_UNKNOWN',
      field: 'acceptedCommitmentsVersion',
      currentVersion: null,
    });
  });

  it('once published, requires the current version, says which it is, and records it', async () => {
    await app.gql(PUBLISH, { input: { principles: ['Solidarity'] } }, { token: operator });

    const missing = await app.expectNothingAppended(() => enrol('Careless Carl'));
    expect(missing.errors![0]).toMatchObject({
      message: expect.stringContaining('version 1'),
      extensions: { code: 'BAD_USER_INPUT', reason: 'COMMITMENTS_NOT_ACCEPTED', currentVersion: 1 },
    });

    // The rejected enrolment reserved nothing.
    const accepted = await enrol('Careless Carl', 1);
    expect(accepted.errors).toBeUndefined();
    const [enrolled] = await app.store.readStream(`Member-${accepted.data!.enrollMember.memberId}`);
    expect(enrolled.data).toMatchObject({ acceptedCommitmentsVersion: 1 });
    const me = await app.gql(
      ME,
      { wait: accepted.data!.enrollMember.receipt.position },
      { token: accepted.data!.enrollMember.token },
    );
    expect(me.data!.me.acceptedCommitmentsVersion).toBe(1);

    await app.gql(PUBLISH, { input: { principles: ['Solidarity', 'Democracy'] } }, { token: operator });
    const outdated = await app.expectNothingAppended(() => enrol('Slow Sue', 1));
    expect(outdated.errors![0].extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'COMMITMENTS_VERSION_OUTDATED',
      acceptedVersion: 1,
      currentVersion: 2,
    });
    const future = await app.expectNothingAppended(() => enrol('Future Fay', 3));
    expect(future.errors![0].extensions).toMatchObject({ reason: 'COMMITMENTS_VERSION_UNKNOWN', currentVersion: 2 });
    const invalid = await app.expectNothingAppended(() => enrol('Zero Zed', 0));
    expect(invalid.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'acceptedCommitmentsVersion' }],
    });
    await expect(app.enroll('Slow Sue')).resolves.toBeDefined();
  });

  it('a retried enrolment replays even after a newer version was published', async () => {
    const commandId = '1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b';
    const current = (await app.currentCommitmentsVersion())!;
    const first = await enrol('Patient Pia', current, commandId);
    expect(first.errors).toBeUndefined();
    await app.gql(PUBLISH, { input: { principles: ['Solidarity', 'Democracy', 'Care'] } }, { token: operator });
    const retry = await app.expectNothingAppended(() => enrol('Patient Pia', current, commandId));
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.enrollMember.receipt).toEqual({ ...first.data!.enrollMember.receipt, replayed: true });
  });
});

describe('enrolling straight into a chapter (e2e)', () => {
  let app: TestApp;
  let activeChapterId: string;
  let formingChapterId: string;

  const ENROL_INTO = `mutation ($input: EnrollMemberInput!) {
    enrollMember(input: $input) { memberId token receipt { position } }
  }`;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 2 });
    const founder = await app.enroll('Into Founder');
    activeChapterId = (await app.foundChapter(founder.token, 'Into Active', 'Lyon')).chapterId;
    const starter = await app.enroll('Forming Starter');
    const forming = await app.gql(
      `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId } }`,
      { input: { name: 'Into Forming', kind: 'ONLINE' } },
      { token: starter.token },
    );
    formingChapterId = forming.data!.foundChapter.chapterId;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('enrols and joins an active chapter in one decision', async () => {
    const result = await app.gql(ENROL_INTO, { input: { pseudonym: 'Straight In', chapterId: activeChapterId } });
    expect(result.errors).toBeUndefined();
    const { memberId, token, receipt } = result.data!.enrollMember;
    expect((await app.store.readStream(`Member-${memberId}`)).map((event) => event.type)).toEqual([
      'MemberEnrolled',
      'MemberJoinedChapter',
    ]);
    const me = await app.gql(
      `query ($wait: String) { me(waitForPosition: $wait) { chapter { id memberCount } } }`,
      { wait: receipt.position },
      { token },
    );
    expect(me.data!.me.chapter).toEqual({ id: activeChapterId, memberCount: 3 });
  });

  it('refuses an unknown or forming chapter, reserving no pseudonym', async () => {
    const unknown = await app.expectNothingAppended(() =>
      app.gql(ENROL_INTO, { input: { pseudonym: 'Nowhere Nat', chapterId: '00000000-0000-4000-8000-000000000042' } }),
    );
    expect(unknown.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CHAPTER_NOT_FOUND' });
    const forming = await app.expectNothingAppended(() =>
      app.gql(ENROL_INTO, { input: { pseudonym: 'Nowhere Nat', chapterId: formingChapterId } }),
    );
    expect(forming.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_ACTIVE' });
    await expect(app.enroll('Nowhere Nat')).resolves.toBeDefined();
  });
});
