import { CommandRunner } from '../../libs/event-store/src';
import { chapterStream, memberDecider, memberStream } from '../../libs/membership/src';
import { ProjectionRunner } from '../../libs/projections/src';
import { GraphQLResult, TestApp } from '../support/test-app';

const MERGE = `mutation ($input: MergeChaptersInput!) {
  mergeChapters(input: $input) { chapterId membersMoved receipt { position } }
}`;
const DISSOLVE = `mutation ($input: DissolveChapterInput!) {
  dissolveChapter(input: $input) { chapterId membersMoved receipt { position } }
}`;
const JOIN = `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`;

type Member = { memberId: string; token: string };

async function startWithChair(env: NodeJS.ProcessEnv = {}): Promise<{ app: TestApp; chair: Member }> {
  const app = await TestApp.start(env, { chapterFoundersMinimum: 1 });
  const chair = await app.enroll('Closure Chair');
  const appointed = await app.gql(
    `mutation ($id: ID!) { appointCommitteeMember(input: { memberId: $id }) { memberId } }`,
    { id: chair.memberId },
    { token: await app.operatorToken() },
  );
  expect(appointed.errors).toBeUndefined();
  return { app, chair };
}

/** Where each member is, from their own stream (never a read model), with that chapter's status. */
async function whereAre(app: TestApp, members: readonly Member[]) {
  const runner = app.app.get(CommandRunner);
  const places: Array<{ chapterId: string | null; status: string | null }> = [];
  for (const { memberId } of members) {
    const member = await runner.load(memberDecider, memberStream(memberId));
    const chapterId = member.status === 'enrolled' ? member.chapterId : null;
    const chapterEvents = chapterId === null ? [] : await app.store.readStream(chapterStream(chapterId));
    const closed = chapterEvents.some(
      (event) => event.type === 'ChapterMergedInto' || event.type === 'ChapterDissolved',
    );
    places.push({ chapterId, status: chapterId === null ? null : closed ? 'CLOSED' : 'ACTIVE' });
  }
  return places;
}

describe('chapter closures decided on the log (e2e)', () => {
  let app: TestApp;
  let chair: Member;
  let count = 0;

  /** An active chapter (one founder suffices here) with `extra` more members who joined. */
  async function activeChapter(extra = 1) {
    const founder = await app.enroll(`Closure Founder ${++count}`);
    const { chapterId } = await app.foundChapter(founder.token, `Closure Chapter ${count}`, null);
    const members: Member[] = [founder];
    for (let index = 0; index < extra; index += 1) {
      const joiner = await app.enroll(`Closure Joiner ${count}-${index}`);
      expect((await app.gql(JOIN, { input: { chapterId } }, { token: joiner.token })).errors).toBeUndefined();
      members.push(joiner);
    }
    return { chapterId, members };
  }

  beforeAll(async () => {
    ({ app, chair } = await startWithChair());
  });

  afterAll(async () => {
    await app.stop();
  });

  it('two mergers in opposite directions at once: one is refused, and nobody is left in a closed chapter', async () => {
    const a = await activeChapter();
    const b = await activeChapter();
    // The merger of A into B reads B as active; the merger of B into A runs to its end right
    // after that read, before the first one appends anything.
    const runner = app.app.get(CommandRunner);
    const load = runner.load.bind(runner);
    let opposite: GraphQLResult | undefined;
    const spy = jest.spyOn(runner, 'load').mockImplementation(async (decider, stream) => {
      const state = await load(decider, stream);
      if (stream === chapterStream(b.chapterId) && opposite === undefined) {
        opposite = {} as never;
        opposite = await app.gql(
          MERGE,
          { input: { chapterId: b.chapterId, intoChapterId: a.chapterId } },
          {
            token: chair.token,
          },
        );
      }
      return state;
    });
    let first: GraphQLResult;
    try {
      first = await app.gql(
        MERGE,
        { input: { chapterId: a.chapterId, intoChapterId: b.chapterId } },
        {
          token: chair.token,
        },
      );
    } finally {
      spy.mockRestore();
    }
    const outcomes = [first, opposite!];
    expect(outcomes.filter((outcome) => outcome.errors === undefined)).toHaveLength(1);
    const refused = outcomes.find((outcome) => outcome.errors !== undefined)!;
    expect(refused.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CHAPTER_NOT_ACTIVE' });

    const everyone = [...a.members, ...b.members];
    const places = await whereAre(app, everyone);
    expect(places.every((place) => place.status === 'ACTIVE')).toBe(true);
    expect(new Set(places.map((place) => place.chapterId)).size).toBe(1);
  });

  it('a merger into a chapter whose own merger is reserved is refused; a chain in one direction is followed', async () => {
    const a = await activeChapter();
    const b = await activeChapter();
    const c = await activeChapter();
    expect(
      (await app.gql(MERGE, { input: { chapterId: b.chapterId, intoChapterId: c.chapterId } }, { token: chair.token }))
        .errors,
    ).toBeUndefined();
    const intoClosed = await app.expectNothingAppended(() =>
      app.gql(MERGE, { input: { chapterId: a.chapterId, intoChapterId: b.chapterId } }, { token: chair.token }),
    );
    expect(intoClosed.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_ACTIVE' });
    const places = await whereAre(app, [...b.members, ...c.members]);
    expect(places).toEqual(places.map(() => ({ chapterId: c.chapterId, status: 'ACTIVE' })));
  });
});

describe('a chapter closure does not wait for the read models (e2e)', () => {
  let app: TestApp;
  let chair: Member;

  beforeAll(async () => {
    // With read models that do not move, anything that waited for them would fail fast.
    ({ app, chair } = await startWithChair({ PLENARY_READ_YOUR_WRITES_TIMEOUT_MS: '200' }));
  });

  afterAll(async () => {
    await app.stop();
  });

  it.each([
    ['a merger', MERGE, (source: string, target: string) => ({ chapterId: source, intoChapterId: target })],
    [
      'a dissolution',
      DISSOLVE,
      (source: string, target: string) => ({ chapterId: source, successorChapterId: target }),
    ],
  ])('%s moves the member who joined just before it, while the read models lag', async (label, mutation, input) => {
    const founder = await app.enroll(`Lag Founder ${label}`);
    const source = await app.foundChapter(founder.token, `Lag Source ${label}`, null);
    const target = await app.foundChapter((await app.enroll(`Lag Target ${label}`)).token, `Lag Target ${label}`, null);
    // The read models hold the founder in the chapter; the latecomer only the log has.
    const projections = app.app.get(ProjectionRunner);
    expect(await projections.waitFor(BigInt(target.position), 10_000)).toBe(true);
    await projections.stop();
    try {
      const latecomer = await app.enroll(`Lag Latecomer ${label}`);
      const joined = await app.gql(JOIN, { input: { chapterId: source.chapterId } }, { token: latecomer.token });
      expect(joined.errors).toBeUndefined();

      const closed = await app.gql(
        mutation,
        { input: input(source.chapterId, target.chapterId) },
        {
          token: chair.token,
        },
      );
      expect(closed.errors).toBeUndefined();
      const payload = (closed.data as Record<string, { membersMoved: number }>)[
        mutation === MERGE ? 'mergeChapters' : 'dissolveChapter'
      ];
      expect(payload.membersMoved).toBe(2);
      expect(await whereAre(app, [founder, latecomer])).toEqual([
        { chapterId: target.chapterId, status: 'ACTIVE' },
        { chapterId: target.chapterId, status: 'ACTIVE' },
      ]);
    } finally {
      projections.start();
    }
  });
});
