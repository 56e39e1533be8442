import { CommandRunner } from '../../libs/event-store/src';
import { chapterDecider, chapterStream, memberDecider, memberStream } from '../../libs/membership/src';
import { ProcessManagerRunner } from '../../libs/projections/src';
import { GraphQLResult, TestApp } from '../support/test-app';

const FOUND = `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId status } }`;
const SIGN = `mutation ($input: SignChapterFoundingInput!) {
  signChapterFounding(input: $input) { status receipt { position } }
}`;

type Member = { memberId: string; token: string };

describe('founders signing several forming chapters at once (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 2 });
  });

  afterAll(async () => {
    await app.stop();
  });

  /** Members whose own stream puts them in the chapter. */
  async function membersOf(chapterId: string, candidates: readonly Member[]): Promise<string[]> {
    const runner = app.app.get(CommandRunner);
    const inside: string[] = [];
    for (const { memberId } of candidates) {
      const member = await runner.load(memberDecider, memberStream(memberId));
      if (member.status === 'enrolled' && member.chapterId === chapterId) inside.push(memberId);
    }
    return inside;
  }

  it('two final signatures racing on two chapters that share a founder cannot both found a chapter without them', async () => {
    const [ada, bea, cy] = [
      await app.enroll('Shared Ada'),
      await app.enroll('Racing Bea'),
      await app.enroll('Racing Cy'),
    ];
    const x = (await app.gql(FOUND, { input: { name: 'Race Chapter X', kind: 'ONLINE' } }, { token: ada.token })).data!
      .foundChapter.chapterId as string;
    const y = (await app.gql(FOUND, { input: { name: 'Race Chapter Y', kind: 'ONLINE' } }, { token: ada.token })).data!
      .foundChapter.chapterId as string;

    // Bea's signature on X reads Ada as free; Cy's on Y runs to its end right after that read.
    const runner = app.app.get(CommandRunner);
    const load = runner.load.bind(runner);
    let onY: GraphQLResult | undefined;
    const spy = jest.spyOn(runner, 'load').mockImplementation(async (decider, stream) => {
      const state = await load(decider, stream);
      if (stream === memberStream(ada.memberId) && onY === undefined) {
        onY = {} as never;
        onY = await app.gql(SIGN, { input: { chapterId: y } }, { token: cy.token });
      }
      return state;
    });
    let onX: GraphQLResult;
    try {
      onX = await app.gql(SIGN, { input: { chapterId: x } }, { token: bea.token });
    } finally {
      spy.mockRestore();
    }
    expect(onX.errors).toBeUndefined();
    expect(onY!.errors).toBeUndefined();

    const everyone = [ada, bea, cy];
    for (const [chapterId, answer] of [
      [x, onX],
      [y, onY!],
    ] as const) {
      const chapter = await runner.load(chapterDecider, chapterStream(chapterId));
      const inside = await membersOf(chapterId, everyone);
      // An active chapter has at least the minimum of its founders in it; a forming one has nobody.
      if (chapter.status === 'active') expect(inside.length).toBeGreaterThanOrEqual(2);
      else expect(inside).toEqual([]);
      expect((answer.data as Record<string, any>).signChapterFounding.status).toBe(chapter.status.toUpperCase());
    }
    // Ada is in one of them, and Y (whose signature ran first) is the one founded.
    expect((await runner.load(chapterDecider, chapterStream(y))).status).toBe('active');
    expect(await membersOf(y, everyone)).toEqual([ada.memberId, cy.memberId]);
    expect((await runner.load(chapterDecider, chapterStream(x))).status).toBe('forming');

    // X can still be founded: Bea's signature stands, and a new founder completes it.
    const dan = await app.enroll('Late Dan');
    const completed = await app.gql(SIGN, { input: { chapterId: x } }, { token: dan.token });
    expect(completed.data!.signChapterFounding.status).toBe('ACTIVE');
    expect(await membersOf(x, [...everyone, dan])).toEqual([bea.memberId, dan.memberId]);
  });
});

describe('a founding completion that fails while others signed (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 3 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('starts again with those who signed meanwhile, and founds the chapter with them', async () => {
    const [ada, bea, cy, dan] = [
      await app.enroll('Again Ada'),
      await app.enroll('Again Bea'),
      await app.enroll('Again Cy'),
      await app.enroll('Again Dan'),
    ];
    const elsewhere = await app.foundChapter((await app.enroll('Elsewhere Eve')).token, 'Elsewhere Hall', null);
    const chapterId = (await app.gql(FOUND, { input: { name: 'Again Chapter', kind: 'ONLINE' } }, { token: ada.token }))
      .data!.foundChapter.chapterId as string;
    expect((await app.gql(SIGN, { input: { chapterId } }, { token: bea.token })).errors).toBeUndefined();

    // Cy's signature starts the completion with Ada, Bea and Cy. Once it has held Ada, Bea
    // joins another chapter and Dan signs: the completion cannot hold Bea and fails, and the
    // next one, with Dan, founds the chapter.
    const runner = app.app.get(CommandRunner);
    const load = runner.load.bind(runner);
    // Only the handler's own run of the workflow, so the interleaving is the one described.
    const background = app.app.get(ProcessManagerRunner);
    await background.stop();
    let meanwhile: GraphQLResult[] | undefined;
    let checking = false;
    const spy = jest.spyOn(runner, 'load').mockImplementation(async (decider, stream) => {
      const state = await load(decider, stream);
      // The reaction may run in the handler and in the background runner at once: act only once.
      if (stream === memberStream(ada.memberId) && meanwhile === undefined && !checking) {
        checking = true;
        const types = (await app.store.readStream(chapterStream(chapterId))).map((event) => event.type);
        if (types.includes('ChapterFoundingCompletionStarted')) {
          meanwhile = [];
          meanwhile.push(
            await app.gql(
              `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
              { input: { chapterId: elsewhere.chapterId } },
              { token: bea.token },
            ),
          );
          meanwhile.push(await app.gql(SIGN, { input: { chapterId } }, { token: dan.token }));
        }
        checking = false;
      }
      return state;
    });
    let signed: GraphQLResult;
    try {
      signed = await app.gql(SIGN, { input: { chapterId } }, { token: cy.token });
    } finally {
      spy.mockRestore();
      background.start();
    }
    expect(signed.errors).toBeUndefined();
    expect(meanwhile!.map((result) => result.errors)).toEqual([undefined, undefined]);
    expect((meanwhile![1].data as Record<string, any>).signChapterFounding.status).toBe('FORMING');
    expect((signed.data as Record<string, any>).signChapterFounding.status).toBe('ACTIVE');

    const types = (await app.store.readStream(chapterStream(chapterId))).map((event) => event.type);
    expect(types.slice(-5)).toEqual([
      'ChapterFoundingCompletionStarted',
      'ChapterFoundingSigned',
      'ChapterFoundingCompletionFailed',
      'ChapterFoundingCompletionStarted',
      'ChapterFounded',
    ]);
    const chapter = await runner.load(chapterDecider, chapterStream(chapterId));
    expect(chapter.status).toBe('active');
    for (const member of [ada, cy, dan]) {
      const state = await runner.load(memberDecider, memberStream(member.memberId));
      expect(state).toMatchObject({ chapterId, foundingReservation: null });
    }
    expect(await runner.load(memberDecider, memberStream(bea.memberId))).toMatchObject({
      chapterId: elsewhere.chapterId,
    });
  });
});
