import { appendSize } from '../../libs/event-store/src';
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
    expect(error.message).toMatch(/nothing was written: send less in one command/);
  });

  it('takes the same command once it fits', async () => {
    const result = await app.gql(PUBLISH, { input: { principles: ['Solidarity'] } }, { token: operator });
    expect(result.errors).toBeUndefined();
    expect(result.data!.publishCommitments.version).toBe(1);
  });
});

describe('a result larger than one append, published as pages over GraphQL (e2e)', () => {
  // 2 KiB per append: eight chapters' seat table and working already need several.
  const LIMIT = 2048;
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ PLENARY_MAX_APPEND_BYTES: String(LIMIT) }, { chapterFoundersMinimum: 1 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('apportions in appends each under the limit, and the convention reads the whole table back', async () => {
    const operator = await app.operatorToken('pages-operator');
    const chair = await app.enroll('Pages Chair');
    const ok = async (query: string, input: Record<string, unknown>, token: string) => {
      const result = await app.gql(query, { input }, { token });
      if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
      return result.data!;
    };
    const appoint = `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`;
    await ok(appoint, { memberId: chair.memberId }, operator);
    const chapterIds: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const founder = await app.enroll(`Pages Founder ${index}`);
      chapterIds.push((await app.foundChapter(founder.token, `Pages Chapter ${index}`, `Town ${index}`)).chapterId);
      for (let extra = 0; extra < index % 3; extra += 1) {
        const member = await app.enroll(`Pages Member ${index}-${extra}`);
        await ok(
          `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { memberId } }`,
          { chapterId: chapterIds[index] },
          member.token,
        );
      }
    }
    const called = await ok(
      `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
      {
        title: 'Paged convention',
        rules: {
          thresholds: [
            'ADOPT_RULE',
            'AMEND_RULE',
            'REPEAL_RULE',
            'CREATE_BODY',
            'ADOPT_COMMITMENT',
            'ADOPT_CAMPAIGN',
            'RESOLUTION',
          ].map((kind) => ({ kind, threshold: '1/2' })),
          quorum: '1/2',
          amendmentDepth: 1,
          friendlyAmendments: false,
          seconders: 0,
          deadlines: [],
          totalSeats: 12,
          minimumSeatsPerChapter: 1,
          apportionmentMethod: 'SAINTE_LAGUE',
          electionMethod: 'STV',
          alternatesPerChapter: 0,
          lotSeed: 'pages',
        },
      },
      chair.token,
    );
    const conventionId = called.callConvention.conventionId as string;
    const clerk = await app.enroll('Pages Clerk');
    await ok(
      `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
      { conventionId, memberId: clerk.memberId },
      chair.token,
    );
    const advanced = await ok(
      `mutation ($input: AdvanceConventionPhaseInput!) { advanceConventionPhase(input: $input) { phase receipt { position } } }`,
      { conventionId, to: 'DELEGATE_SELECTION' },
      clerk.token,
    );
    expect(advanced.advanceConventionPhase.phase).toBe('DELEGATE_SELECTION');

    const history = await app.store.readStream('Convention-organization');
    const pages = history.filter((event) => event.type === 'SeatsApportionmentPage');
    expect(pages.length).toBeGreaterThan(1);
    const appends = new Map<string, typeof history>();
    for (const event of history) {
      const key = `${event.metadata.commandId}/${event.metadata.commandPart?.append ?? 0}`;
      appends.set(key, [...(appends.get(key) ?? []), event]);
    }
    for (const events of appends.values()) expect(appendSize(events)).toBeLessThanOrEqual(LIMIT);
    // The receipt covers the last append: the closing event and the phase change.
    expect(advanced.advanceConventionPhase.receipt.position).toBe(history[history.length - 1].position.toString());

    const view = await app.gql(
      `query ($wait: String) { convention(waitForPosition: $wait) { apportionment { totalSeats working { method seats awards { seat } } chapters { chapterId members seats } } } }`,
      { wait: advanced.advanceConventionPhase.receipt.position },
    );
    expect(view.errors).toBeUndefined();
    const { apportionment } = view.data!.convention;
    expect(apportionment.chapters.map((chapter: { chapterId: string }) => chapter.chapterId).sort()).toEqual(
      [...chapterIds].sort(),
    );
    expect(apportionment.chapters.reduce((sum: number, chapter: { seats: number }) => sum + chapter.seats, 0)).toBe(12);
    expect(apportionment.working).toMatchObject({ method: 'sainte-lague', seats: 12 });
    expect(apportionment.working.awards).toHaveLength(4);
  });
});
