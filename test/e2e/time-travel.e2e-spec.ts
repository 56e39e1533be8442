import { TestApp } from '../support/test-app';

const PUBLISH = `mutation ($input: PublishCommitmentsInput!) {
  publishCommitments(input: $input) { version receipt { position } }
}`;
const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) {
  appointCommitteeMember(input: $input) { receipt { position } }
}`;
const FOUND_BRANCH = `mutation ($input: FoundBranchInput!) { foundBranch(input: $input) { receipt { position } } }`;
const STRUCTURE = `query ($asOf: String, $wait: String) {
  commitments(asOf: $asOf, waitForPosition: $wait) { version principles }
  committee(asOf: $asOf) { pseudonym }
  branches(asOf: $asOf) { name countryCode }
  interimRules(asOf: $asOf) { version }
  interimDecisions(asOf: $asOf) { id }
}`;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('the organization as of any moment (e2e)', () => {
  let app: TestApp;
  const positions: Record<string, string> = {};
  let betweenFirstAndSecond: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const operator = await app.operatorToken();
    const chair = await app.enroll('Time Chair');
    const first = await app.gql(PUBLISH, { input: { principles: ['Solidarity'] } }, { token: operator });
    positions.first = first.data!.publishCommitments.receipt.position;
    await sleep(20);
    betweenFirstAndSecond = new Date().toISOString();
    await sleep(20);
    const appointed = await app.gql(APPOINT, { input: { memberId: chair.memberId } }, { token: operator });
    positions.appointed = appointed.data!.appointCommitteeMember.receipt.position;
    const second = await app.gql(
      PUBLISH,
      { input: { principles: ['Solidarity', 'Democracy'] } },
      { token: chair.token },
    );
    positions.second = second.data!.publishCommitments.receipt.position;
    const branch = await app.gql(
      FOUND_BRANCH,
      { input: { name: 'Section France', countryCode: 'FR' } },
      { token: chair.token },
    );
    positions.branch = branch.data!.foundBranch.receipt.position;
  });

  afterAll(async () => {
    await app.stop();
  });

  async function structure(asOf?: string) {
    const result = await app.gql(STRUCTURE, { asOf, wait: positions.branch });
    expect(result.errors).toBeUndefined();
    return result.data!;
  }

  it('answers as things stood at each position', async () => {
    expect(await structure('0')).toEqual({
      commitments: null,
      committee: [],
      branches: [],
      interimRules: { version: 0 },
      interimDecisions: [],
    });
    expect(await structure(positions.first)).toMatchObject({
      commitments: { version: 1, principles: ['Solidarity'] },
      committee: [],
    });
    expect(await structure(positions.appointed)).toMatchObject({
      commitments: { version: 1 },
      committee: [{ pseudonym: 'Time Chair' }],
      branches: [],
    });
    expect(await structure(positions.second)).toMatchObject({ commitments: { version: 2 }, branches: [] });
  });

  it('a replayed view equals what the live read models showed at that position', async () => {
    const liveThen = await structure();
    const later = await app.enroll('Later Member');
    await app.gql(STRUCTURE, { wait: later.position });
    expect(BigInt(later.position)).toBeGreaterThan(BigInt(positions.branch));
    expect(await structure(positions.branch)).toEqual(liveThen);
  });

  it('answers as of a time: the last command accepted by then', async () => {
    expect(await structure(betweenFirstAndSecond)).toMatchObject({
      commitments: { version: 1 },
      committee: [],
    });
    expect(await structure('2000-01-01T00:00:00Z')).toMatchObject({ commitments: null, committee: [] });
    expect(await structure('2999-01-01T00:00:00Z')).toEqual(await structure());
  });

  it('views stay right when more are asked for than are kept open', async () => {
    // Twice round, so the second pass rebuilds views that the first pass's later ones evicted.
    for (let round = 0; round < 2; round += 1) {
      for (const position of ['1', '2', '3', positions.first, positions.appointed, positions.second]) {
        const view = await structure(position);
        expect(view.committee).toEqual(
          BigInt(position) >= BigInt(positions.appointed) ? [{ pseudonym: 'Time Chair' }] : [],
        );
      }
    }
  });

  it.each([
    ['a position beyond the log', '999999', 'beyond the end of the log'],
    ['a word', 'yesterday', 'log position'],
    ['a time without a zone', '2026-03-01T10:00:00', 'log position'],
    ['a negative position', '-1', 'log position'],
  ])('refuses %s', async (_label, asOf, message) => {
    const result = await app.gql(STRUCTURE, { asOf });
    expect(result.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'asOf', message: expect.stringContaining(message) }],
    });
  });
});

describe('chapters and conventions as of any moment (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 1 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('shows a chapter as it stood before it was founded, while forming and after members joined', async () => {
    const founder = await app.enroll('Past Founder');
    const before = (await app.store.headPosition()).toString();
    const { chapterId, position: founded } = await app.foundChapter(founder.token, 'Past Chapter', 'Lyon');
    const joiner = await app.enroll('Past Joiner', null);
    const joined = await app.gql(
      `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
      { input: { chapterId } },
      { token: joiner.token },
    );
    const now = joined.data!.joinChapter.receipt.position as string;
    const CHAPTER = `query ($id: ID!, $asOf: String, $wait: String) {
      chapter(id: $id, asOf: $asOf, waitForPosition: $wait) { status memberCount }
      chapters(asOf: $asOf) { nodes { name } }
      convention(asOf: $asOf) { id }
    }`;
    const at = async (asOf?: string) => (await app.gql(CHAPTER, { id: chapterId, asOf, wait: now })).data!;
    expect(await at(before)).toEqual({ chapter: null, chapters: { nodes: [] }, convention: null });
    expect((await at(founded)).chapter).toEqual({ status: 'ACTIVE', memberCount: 1 });
    expect((await at(now)).chapter).toEqual({ status: 'ACTIVE', memberCount: 2 });
    expect(await at()).toEqual(await at(now));
  });
});
