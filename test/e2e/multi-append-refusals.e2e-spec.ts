import { TestApp } from '../support/test-app';

/**
 * Commands that append to more than one stream (enrolment: pseudonym claim, member, closures
 * followed; founding: name claim, chapter, founders' joins; signatures: chapter, founders'
 * joins; transfers and joins: member, closures followed; merges and dissolutions: chapter,
 * members moved, the record of who moved). Each refusal they have must come before their first
 * append: the log ends where it ended, and a refused name stays free for someone else.
 */

const ENROL = `mutation ($input: EnrollMemberInput!) { enrollMember(input: $input) { memberId } }`;
const FOUND = `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId status } }`;
const SIGN = `mutation ($input: SignChapterFoundingInput!) { signChapterFounding(input: $input) { status } }`;
const JOIN = `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`;
const TRANSFER = `mutation ($input: TransferChapterInput!) { transferChapter(input: $input) { receipt { position } } }`;
const MERGE = `mutation ($input: MergeChaptersInput!) { mergeChapters(input: $input) { membersMoved } }`;
const DISSOLVE = `mutation ($input: DissolveChapterInput!) { dissolveChapter(input: $input) { membersMoved } }`;
const PUBLISH = `mutation ($input: PublishCommitmentsInput!) { publishCommitments(input: $input) { version } }`;

type Member = { memberId: string; token: string };
const unknownId = '6a1f7e2c-0000-4000-8000-000000000000';

describe('multi-append commands refuse before their first append (e2e)', () => {
  let app: TestApp;
  let chair: Member;
  let operator: string;
  let pseudonyms = 0;
  let version: number;
  let active: { chapterId: string };
  let other: { chapterId: string };
  let closed: { chapterId: string };
  let forming: string;
  let founder: Member;
  let inChapter: Member;
  let resigned: Member;

  const member = () => app.enroll(`Refusal Member ${++pseudonyms}`);

  /** Runs the mutation, expects exactly one error with this code and reason, and an unchanged log. */
  async function refused(
    mutation: string,
    input: Record<string, unknown>,
    token: string | undefined,
    code: string,
    reason: string,
  ) {
    const result = await app.expectNothingAppended(() => app.gql(mutation, { input }, { token }));
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0].extensions).toMatchObject({ code, reason });
    expect(result.errors![0].message).not.toBe('');
    return result;
  }

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 2 });
    operator = await app.operatorToken();
    const published = await app.gql(PUBLISH, { input: { principles: ['One member, one vote'] } }, { token: operator });
    expect(published.errors).toBeUndefined();
    await app.gql(PUBLISH, { input: { principles: ['One member, one vote', 'Open books'] } }, { token: operator });
    version = (await app.currentCommitmentsVersion())!;
    expect(version).toBe(2);
    chair = await member();
    const appointed = await app.gql(
      `mutation ($id: ID!) { appointCommitteeMember(input: { memberId: $id }) { memberId } }`,
      { id: chair.memberId },
      { token: operator },
    );
    expect(appointed.errors).toBeUndefined();
    inChapter = await member();
    active = await app.foundChapter(inChapter.token, 'Refusal Active', null);
    other = await app.foundChapter((await member()).token, 'Refusal Other', null);
    closed = await app.foundChapter((await member()).token, 'Refusal Closed', null);
    expect((await app.gql(DISSOLVE, { input: { chapterId: closed.chapterId } }, { token: chair.token })).errors).toBe(
      undefined,
    );
    founder = await member();
    forming = (await app.gql(FOUND, { input: { name: 'Refusal Forming', kind: 'ONLINE' } }, { token: founder.token }))
      .data!.foundChapter.chapterId;
    resigned = await member();
    await app.gql(`mutation { resign { memberId } }`, {}, { token: resigned.token });
  });

  afterAll(async () => {
    await app.stop();
  });

  describe('enrolment', () => {
    const enrol = (input: Record<string, unknown>) => ({
      pseudonym: 'Squatter Name',
      acceptedCommitmentsVersion: version,
      ...input,
    });

    it.each([
      ['an invalid pseudonym', { pseudonym: 'x' }, 'BAD_USER_INPUT', 'INVALID_INPUT'],
      ['commitments not accepted', { acceptedCommitmentsVersion: null }, 'BAD_USER_INPUT', 'COMMITMENTS_NOT_ACCEPTED'],
      [
        'an outdated commitments version',
        { acceptedCommitmentsVersion: 1 },
        'CONFLICT',
        'COMMITMENTS_VERSION_OUTDATED',
      ],
      [
        'an unknown commitments version',
        { acceptedCommitmentsVersion: 7 },
        'BAD_USER_INPUT',
        'COMMITMENTS_VERSION_UNKNOWN',
      ],
      ['an unknown chapter', { chapterId: unknownId }, 'NOT_FOUND', 'CHAPTER_NOT_FOUND'],
      ['a forming chapter', () => ({ chapterId: forming }), 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
      ['a closed chapter', () => ({ chapterId: closed.chapterId }), 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
      ['a stale expected revision', { expectedRevision: '0' }, 'CONFLICT', 'REVISION_CONFLICT'],
      ['a malformed expected revision', { expectedRevision: 'latest' }, 'BAD_USER_INPUT', 'INVALID_INPUT'],
    ])('%s is refused and reserves no pseudonym', async (_label, extra, code, reason) => {
      const input = enrol(typeof extra === 'function' ? extra() : extra);
      await refused(ENROL, input, undefined, code, reason);
    });

    it('a taken pseudonym (the chair’s, in other case and spacing) is refused, and the pseudonym nobody got is still free afterwards', async () => {
      await refused(ENROL, enrol({ pseudonym: 'refusal  MEMBER 1' }), undefined, 'CONFLICT', 'PSEUDONYM_TAKEN');
      // None of the refusals above reserved the name they tried.
      const free = await app.gql(ENROL, { input: enrol({ expectedRevision: 'no_stream' }) });
      expect(free.errors).toBeUndefined();
    });
  });

  describe('chapter founding', () => {
    const found = (input: Record<string, unknown>) => ({ name: 'Squatted Chapter', kind: 'ONLINE', ...input });

    it.each([
      ['a too short name', () => found({ name: 'L' }), 'BAD_USER_INPUT', 'INVALID_INPUT'],
      ['a local chapter without a region', () => found({ kind: 'LOCAL' }), 'BAD_USER_INPUT', 'INVALID_INPUT'],
      ['an online chapter with a region', () => found({ region: 'Lyon' }), 'BAD_USER_INPUT', 'INVALID_INPUT'],
      ['an unknown branch', () => found({ branchId: unknownId }), 'NOT_FOUND', 'BRANCH_NOT_FOUND'],
      ['a stale expected revision', () => found({ expectedRevision: '3' }), 'CONFLICT', 'REVISION_CONFLICT'],
      ['a taken name', () => found({ name: 'Refusal Active' }), 'CONFLICT', 'CHAPTER_NAME_TAKEN'],
    ])('%s is refused and reserves no name', async (_label, input, code, reason) => {
      const free = await member();
      await refused(FOUND, input(), free.token, code, reason);
    });

    it.each([
      ['a member already in a chapter', () => inChapter.token, 'CONFLICT', 'IN_ANOTHER_CHAPTER'],
      ['a resigned member', () => resigned.token, 'CONFLICT', 'MEMBER_RESIGNED'],
      ['an operator', () => operator, 'UNAUTHENTICATED', 'UNAUTHENTICATED'],
    ])('%s is refused', async (_label, token, code, reason) => {
      await refused(FOUND, found({}), token(), code, reason);
    });

    it('the name no refused founding took is still free', async () => {
      const free = await member();
      const result = await app.gql(FOUND, { input: found({ expectedRevision: 'no_stream' }) }, { token: free.token });
      expect(result.errors).toBeUndefined();
    });
  });

  describe('founding signatures', () => {
    it.each([
      ['signing twice', () => founder.token, () => forming, 'CONFLICT', 'ALREADY_SIGNED'],
      ['signing while in a chapter', () => inChapter.token, () => forming, 'CONFLICT', 'IN_ANOTHER_CHAPTER'],
      ['signing as a resigned member', () => resigned.token, () => forming, 'CONFLICT', 'MEMBER_RESIGNED'],
      ['signing an active chapter', null, () => active.chapterId, 'CONFLICT', 'CHAPTER_NOT_FORMING'],
      ['signing a closed chapter', null, () => closed.chapterId, 'CONFLICT', 'CHAPTER_NOT_FORMING'],
      ['signing an unknown chapter', null, () => unknownId, 'NOT_FOUND', 'CHAPTER_NOT_FOUND'],
    ])('%s is refused', async (_label, token, chapterId, code, reason) => {
      const signer = token === null ? (await member()).token : token();
      await refused(SIGN, { chapterId: chapterId() }, signer, code, reason);
    });

    it('a stale expected revision on the chapter is REVISION_CONFLICT and nobody joins', async () => {
      const signer = await member();
      await refused(SIGN, { chapterId: forming, expectedRevision: '0' }, signer.token, 'CONFLICT', 'REVISION_CONFLICT');
    });
  });

  describe('joins and transfers', () => {
    it.each([
      ['joining a forming chapter', JOIN, () => forming, 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
      ['joining a closed chapter', JOIN, () => closed.chapterId, 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
      ['joining an unknown chapter', JOIN, () => unknownId, 'NOT_FOUND', 'CHAPTER_NOT_FOUND'],
      ['transferring while in no chapter', TRANSFER, () => other.chapterId, 'CONFLICT', 'NOT_IN_A_CHAPTER'],
    ])('%s is refused', async (_label, mutation, chapterId, code, reason) => {
      await refused(mutation, { chapterId: chapterId() }, (await member()).token, code, reason);
    });

    it.each([
      ['joining while in another chapter', JOIN, () => other.chapterId, 'CONFLICT', 'IN_ANOTHER_CHAPTER'],
      ['joining the own chapter', JOIN, () => active.chapterId, 'CONFLICT', 'ALREADY_IN_CHAPTER'],
      ['transferring into the own chapter', TRANSFER, () => active.chapterId, 'CONFLICT', 'ALREADY_IN_CHAPTER'],
      ['transferring into a forming chapter', TRANSFER, () => forming, 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
      ['transferring into a closed chapter', TRANSFER, () => closed.chapterId, 'CONFLICT', 'CHAPTER_NOT_ACTIVE'],
    ])('%s is refused', async (_label, mutation, chapterId, code, reason) => {
      await refused(mutation, { chapterId: chapterId() }, inChapter.token, code, reason);
    });

    it('a resigned member can do neither', async () => {
      await refused(JOIN, { chapterId: other.chapterId }, resigned.token, 'CONFLICT', 'MEMBER_RESIGNED');
      await refused(TRANSFER, { chapterId: other.chapterId }, resigned.token, 'CONFLICT', 'MEMBER_RESIGNED');
    });

    it('a stale expected revision on the member is REVISION_CONFLICT', async () => {
      const input = { chapterId: other.chapterId, expectedRevision: '0' };
      await refused(TRANSFER, input, inChapter.token, 'CONFLICT', 'REVISION_CONFLICT');
    });
  });

  describe('resignation (the member, then the committee and the secretariat)', () => {
    const RESIGN = `mutation ($input: ResignInput) { resign(input: $input) { memberId } }`;

    it('resigning twice is CONFLICT MEMBER_RESIGNED', async () => {
      await refused(RESIGN, {}, resigned.token, 'CONFLICT', 'MEMBER_RESIGNED');
    });

    it('a stale expected revision is REVISION_CONFLICT and the chair stays on the committee', async () => {
      await refused(RESIGN, { expectedRevision: '7' }, chair.token, 'CONFLICT', 'REVISION_CONFLICT');
    });

    it('an operator or nobody cannot resign', async () => {
      await refused(RESIGN, {}, operator, 'UNAUTHENTICATED', 'UNAUTHENTICATED');
      await refused(RESIGN, {}, undefined, 'UNAUTHENTICATED', 'UNAUTHENTICATED');
    });
  });

  describe('merges and dissolutions', () => {
    it.each([
      ['merging into a forming chapter', MERGE, () => ({ chapterId: active.chapterId, intoChapterId: forming })],
      [
        'merging into a closed chapter',
        MERGE,
        () => ({ chapterId: active.chapterId, intoChapterId: closed.chapterId }),
      ],
      [
        'dissolving into a forming chapter',
        DISSOLVE,
        () => ({ chapterId: active.chapterId, successorChapterId: forming }),
      ],
    ])('%s is CONFLICT CHAPTER_NOT_ACTIVE', async (_label, mutation, input) => {
      await refused(mutation, input(), chair.token, 'CONFLICT', 'CHAPTER_NOT_ACTIVE');
    });

    it.each([
      ['merging a closed chapter', MERGE, () => ({ chapterId: closed.chapterId, intoChapterId: other.chapterId })],
      ['dissolving a closed chapter', DISSOLVE, () => ({ chapterId: closed.chapterId })],
    ])('%s is CONFLICT CHAPTER_CLOSED', async (_label, mutation, input) => {
      await refused(mutation, input(), chair.token, 'CONFLICT', 'CHAPTER_CLOSED');
    });

    it.each([
      ['merging into itself', MERGE, () => ({ chapterId: active.chapterId, intoChapterId: active.chapterId })],
      [
        'dissolving into itself',
        DISSOLVE,
        () => ({ chapterId: active.chapterId, successorChapterId: active.chapterId }),
      ],
    ])('%s is BAD_USER_INPUT CHAPTER_INTO_ITSELF', async (_label, mutation, input) => {
      await refused(mutation, input(), chair.token, 'BAD_USER_INPUT', 'CHAPTER_INTO_ITSELF');
    });

    it.each([
      ['merging an unknown chapter', MERGE, () => ({ chapterId: unknownId, intoChapterId: other.chapterId })],
      ['merging into an unknown chapter', MERGE, () => ({ chapterId: active.chapterId, intoChapterId: unknownId })],
      ['dissolving an unknown chapter', DISSOLVE, () => ({ chapterId: unknownId })],
      [
        'dissolving into an unknown chapter',
        DISSOLVE,
        () => ({ chapterId: active.chapterId, successorChapterId: unknownId }),
      ],
    ])('%s is NOT_FOUND CHAPTER_NOT_FOUND', async (_label, mutation, input) => {
      await refused(mutation, input(), chair.token, 'NOT_FOUND', 'CHAPTER_NOT_FOUND');
    });

    it.each([
      ['merging', MERGE, () => ({ chapterId: active.chapterId, intoChapterId: other.chapterId })],
      ['dissolving', DISSOLVE, () => ({ chapterId: active.chapterId })],
    ])('%s by someone off the committee is FORBIDDEN, by nobody UNAUTHENTICATED', async (_label, mutation, input) => {
      await refused(mutation, input(), inChapter.token, 'FORBIDDEN', 'NOT_A_COMMITTEE_MEMBER');
      await refused(mutation, input(), operator, 'FORBIDDEN', 'NOT_A_COMMITTEE_MEMBER');
      await refused(mutation, input(), undefined, 'UNAUTHENTICATED', 'UNAUTHENTICATED');
    });

    it.each([
      [
        'merging',
        MERGE,
        () => ({ chapterId: active.chapterId, intoChapterId: other.chapterId, expectedRevision: '1' }),
      ],
      ['dissolving', DISSOLVE, () => ({ chapterId: active.chapterId, expectedRevision: '1' })],
    ])('%s with a stale expected revision is REVISION_CONFLICT and moves nobody', async (_label, mutation, input) => {
      await refused(mutation, input(), chair.token, 'CONFLICT', 'REVISION_CONFLICT');
    });
  });
});
