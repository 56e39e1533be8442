import { CommandRunner } from '../../libs/event-store/src';
import { EventMetadata } from '../../libs/core/src';
import { chapterDecider, chapterStream, memberStream } from '../../libs/membership/src';
import { GraphQLResult, TestApp } from '../support/test-app';

const FOUND = `mutation ($input: FoundChapterInput!) {
  foundChapter(input: $input) { chapterId status receipt { commandId position revision replayed } }
}`;
const SIGN = `mutation ($input: SignChapterFoundingInput!) {
  signChapterFounding(input: $input) { chapterId status receipt { commandId position revision replayed } }
}`;
const JOIN = `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`;
const TRANSFER = `mutation ($input: TransferChapterInput!) { transferChapter(input: $input) { receipt { position } } }`;
const MERGE = `mutation ($input: MergeChaptersInput!) {
  mergeChapters(input: $input) { chapterId membersMoved receipt { commandId position revision replayed } }
}`;
const DISSOLVE = `mutation ($input: DissolveChapterInput!) {
  dissolveChapter(input: $input) { chapterId membersMoved receipt { commandId position revision replayed } }
}`;
const CHAPTER = `query ($id: ID!, $wait: String) {
  chapter(id: $id, waitForPosition: $wait) {
    id name status founders branchId memberCount startedAt foundedAt closedAt successorChapterId
  }
}`;
const ME = `query ($wait: String) { me(waitForPosition: $wait) { status chapter { id } } }`;

type Member = { memberId: string; token: string };

describe('founding, merging and dissolving chapters (e2e)', () => {
  let app: TestApp;
  let operator: string;
  let chair: Member;
  let pseudonyms = 0;

  const member = (prefix = 'Member') => app.enroll(`${prefix} ${++pseudonyms}`);
  const chapter = async (id: string, wait?: string) => (await app.gql(CHAPTER, { id, wait })).data!.chapter;
  const types = async (stream: string) => (await app.store.readStream(stream)).map((event) => event.type);

  beforeAll(async () => {
    // The default minimum: three founders.
    app = await TestApp.start();
    operator = await app.operatorToken();
    chair = await app.enroll('Chair Person');
    const appointed = await app.gql(
      `mutation ($id: ID!) { appointCommitteeMember(input: { memberId: $id }) { memberId } }`,
      { id: chair.memberId },
      { token: operator },
    );
    expect(appointed.errors).toBeUndefined();
  });

  afterAll(async () => {
    await app.stop();
  });

  describe('founding', () => {
    it('stays FORMING until the third founder signs, then is ACTIVE and every founder joins', async () => {
      const [ada, bea, cy] = [await member('Ada'), await member('Bea'), await member('Cy')];
      const started = await app.gql(FOUND, { input: { name: 'Founders Hall', kind: 'ONLINE' } }, { token: ada.token });
      expect(started.errors).toBeUndefined();
      const { chapterId } = started.data!.foundChapter;
      expect(started.data!.foundChapter.status).toBe('FORMING');
      expect(await chapter(chapterId, started.data!.foundChapter.receipt.position)).toMatchObject({
        status: 'FORMING',
        founders: ['Ada 1'],
        branchId: null,
        memberCount: 0,
        foundedAt: null,
        closedAt: null,
      });

      // Nobody can join while it forms, not even to transfer in.
      const outsider = await member();
      const join = await app.expectNothingAppended(() =>
        app.gql(JOIN, { input: { chapterId } }, { token: outsider.token }),
      );
      expect(join.errors![0].extensions).toMatchObject({
        code: 'CONFLICT',
        reason: 'CHAPTER_NOT_ACTIVE',
        status: 'FORMING',
      });

      const second = await app.gql(SIGN, { input: { chapterId } }, { token: bea.token });
      expect(second.data!.signChapterFounding.status).toBe('FORMING');
      const third = await app.gql(SIGN, { input: { chapterId } }, { token: cy.token });
      expect(third.errors).toBeUndefined();
      expect(third.data!.signChapterFounding.status).toBe('ACTIVE');

      expect(await types(chapterStream(chapterId))).toEqual([
        'ChapterFoundingStarted',
        'ChapterFoundingSigned',
        'ChapterFoundingSigned',
        'ChapterFoundingSigned',
        'ChapterFoundingCompletionStarted',
        'ChapterFounded',
      ]);
      // Each founder was held for this founding on their own stream, then joined.
      for (const founder of [ada, bea, cy]) {
        expect(await types(memberStream(founder.memberId))).toEqual([
          'MemberEnrolled',
          'MemberReservedForFounding',
          'MemberJoinedChapter',
        ]);
      }
      const wait = third.data!.signChapterFounding.receipt.position;
      expect(await chapter(chapterId, wait)).toMatchObject({
        status: 'ACTIVE',
        founders: ['Ada 1', 'Bea 2', 'Cy 3'],
        memberCount: 3,
        foundedAt: expect.any(String),
      });
      const me = await app.gql(ME, { wait }, { token: cy.token });
      expect(me.data!.me.chapter).toEqual({ id: chapterId });
    });

    it('does not count a founder who meanwhile joined another chapter', async () => {
      const [ada, bea, dan, eve] = [await member('Ada'), await member('Bea'), await member('Dan'), await member('Eve')];
      const other = await app.foundChapter((await member()).token, 'Elsewhere Club', null);
      const { chapterId } = (
        await app.gql(FOUND, { input: { name: 'Patient Circle', kind: 'ONLINE' } }, { token: ada.token })
      ).data!.foundChapter;
      await app.gql(SIGN, { input: { chapterId } }, { token: dan.token });
      await app.gql(JOIN, { input: { chapterId: other.chapterId } }, { token: dan.token });
      const third = await app.gql(SIGN, { input: { chapterId } }, { token: bea.token });
      expect(third.data!.signChapterFounding.status).toBe('FORMING');
      const fourth = await app.gql(SIGN, { input: { chapterId } }, { token: eve.token });
      expect(fourth.data!.signChapterFounding.status).toBe('ACTIVE');

      const [founding] = (await app.store.readStream(`Chapter-${chapterId}`)).filter(
        (event) => event.type === 'ChapterFounded',
      );
      expect(founding.data).toMatchObject({ founderIds: [ada.memberId, bea.memberId, eve.memberId] });
      const founded = await chapter(chapterId, fourth.data!.signChapterFounding.receipt.position);
      expect(founded).toMatchObject({ status: 'ACTIVE', memberCount: 3 });
    });

    it('belongs to an existing branch, or is refused with BRANCH_NOT_FOUND and reserves nothing', async () => {
      const branch = await app.gql(
        `mutation { foundBranch(input: { name: "Section Portugal", countryCode: "PT" }) { branchId } }`,
        {},
        { token: chair.token },
      );
      const branchId = branch.data!.foundBranch.branchId;
      const founder = await member();
      const unknown = await app.expectNothingAppended(() =>
        app.gql(
          FOUND,
          {
            input: {
              name: 'Porto Norte',
              kind: 'LOCAL',
              region: 'Porto',
              branchId: '6a1f7e2c-0000-4000-8000-000000000000',
            },
          },
          { token: founder.token },
        ),
      );
      expect(unknown.errors![0].extensions).toMatchObject({
        code: 'NOT_FOUND',
        reason: 'BRANCH_NOT_FOUND',
        field: 'branchId',
      });
      const { chapterId, position } = await app.foundChapter(founder.token, 'Porto Norte', 'Porto', { branchId });
      expect(await chapter(chapterId, position)).toMatchObject({ branchId, status: 'ACTIVE', memberCount: 3 });
    });

    it('a retried signature with the same commandId appends nothing and returns the same receipt', async () => {
      const [ada, bea, cy] = [await member(), await member(), await member()];
      const { chapterId } = (
        await app.gql(FOUND, { input: { name: 'Retry Lodge', kind: 'ONLINE' } }, { token: ada.token })
      ).data!.foundChapter;
      await app.gql(SIGN, { input: { chapterId } }, { token: bea.token });
      const commandId = '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f';
      const first = await app.gql(SIGN, { input: { chapterId, commandId } }, { token: cy.token });
      const second = await app.expectNothingAppended(() =>
        app.gql(SIGN, { input: { chapterId, commandId } }, { token: cy.token }),
      );
      expect(second.data!.signChapterFounding).toEqual({
        ...first.data!.signChapterFounding,
        receipt: { ...first.data!.signChapterFounding.receipt, replayed: true },
      });
    });

    it('a retried founding with the same commandId appends nothing and returns the same chapter', async () => {
      const founder = await member();
      const commandId = '3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a';
      const input = { name: 'Retry Founders', kind: 'ONLINE', commandId };
      const first = await app.gql(FOUND, { input }, { token: founder.token });
      const second = await app.expectNothingAppended(() => app.gql(FOUND, { input }, { token: founder.token }));
      expect(second.data!.foundChapter.chapterId).toBe(first.data!.foundChapter.chapterId);
      expect(second.data!.foundChapter.receipt).toEqual({ ...first.data!.foundChapter.receipt, replayed: true });
    });

    it('a founding whose handler died after the signature is completed from the log; a retry replays it', async () => {
      const [ada, bea, cy] = [await member(), await member(), await member()];
      const { chapterId } = (
        await app.gql(FOUND, { input: { name: 'Crash Landing', kind: 'ONLINE' } }, { token: ada.token })
      ).data!.foundChapter;
      await app.gql(SIGN, { input: { chapterId } }, { token: bea.token });
      // The first attempt wrote the chapter's events and crashed before any founder joined.
      const commandId = '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b';
      const metadata: EventMetadata = {
        commandId,
        correlationId: commandId,
        causationId: commandId,
        actor: { kind: 'member', memberId: cy.memberId },
        acceptedAt: new Date().toISOString(),
      };
      const runner = app.app.get(CommandRunner);
      await runner.run(chapterDecider, chapterStream(chapterId), {
        command: {
          type: 'SignChapterFounding',
          data: {
            chapterId,
            founderId: cy.memberId,
            founder: { memberId: cy.memberId, status: 'enrolled', chapterId: null },
            foundersMinimum: 3,
            signedAt: metadata.acceptedAt,
          },
        },
        metadata,
      });
      // Nobody retries: the process manager finds the started completion on the log.
      const deadline = Date.now() + 10_000;
      while (!(await types(chapterStream(chapterId))).includes('ChapterFounded') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const founder of [ada, bea, cy]) {
        const deadlineForJoin = Date.now() + 10_000;
        while (!(await types(memberStream(founder.memberId))).includes('MemberJoinedChapter')) {
          if (Date.now() > deadlineForJoin) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expect(await types(memberStream(founder.memberId))).toEqual([
          'MemberEnrolled',
          'MemberReservedForFounding',
          'MemberJoinedChapter',
        ]);
      }

      const retry = await app.gql(SIGN, { input: { chapterId, commandId } }, { token: cy.token });
      expect(retry.errors).toBeUndefined();
      expect(retry.data!.signChapterFounding).toMatchObject({ status: 'ACTIVE', receipt: { replayed: true } });
      expect(await chapter(chapterId, retry.data!.signChapterFounding.receipt.position)).toMatchObject({
        memberCount: 3,
      });
    });

    describe('rejections: a clear error and nothing appended', () => {
      let forming: string;
      let ada: Member;

      beforeAll(async () => {
        ada = await member();
        forming = (await app.gql(FOUND, { input: { name: 'Still Forming', kind: 'ONLINE' } }, { token: ada.token }))
          .data!.foundChapter.chapterId;
      });

      it('signing twice is CONFLICT ALREADY_SIGNED', async () => {
        const result = await app.expectNothingAppended(() =>
          app.gql(SIGN, { input: { chapterId: forming } }, { token: ada.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_SIGNED' });
      });

      it('signing or founding while in a chapter is CONFLICT IN_ANOTHER_CHAPTER', async () => {
        const founder = await member();
        await app.foundChapter(founder.token, 'Busy Bees', null);
        const sign = await app.expectNothingAppended(() =>
          app.gql(SIGN, { input: { chapterId: forming } }, { token: founder.token }),
        );
        expect(sign.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IN_ANOTHER_CHAPTER' });
        const found = await app.expectNothingAppended(() =>
          app.gql(FOUND, { input: { name: 'Second Hive', kind: 'ONLINE' } }, { token: founder.token }),
        );
        expect(found.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'IN_ANOTHER_CHAPTER' });
        // The refused founding reserved no name.
        await expect(app.foundChapter((await member()).token, 'Second Hive', null)).resolves.toBeDefined();
      });

      it('signing an ACTIVE chapter is CONFLICT CHAPTER_NOT_FORMING', async () => {
        const active = await app.foundChapter((await member()).token, 'Already Active', null);
        const signer = await member();
        const result = await app.expectNothingAppended(() =>
          app.gql(SIGN, { input: { chapterId: active.chapterId } }, { token: signer.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({
          code: 'CONFLICT',
          reason: 'CHAPTER_NOT_FORMING',
          status: 'ACTIVE',
        });
      });

      it('signing as a resigned member is CONFLICT MEMBER_RESIGNED', async () => {
        const quitter = await member();
        await app.gql(`mutation { resign { memberId } }`, {}, { token: quitter.token });
        const result = await app.expectNothingAppended(() =>
          app.gql(SIGN, { input: { chapterId: forming } }, { token: quitter.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'MEMBER_RESIGNED' });
      });

      it('signing an unknown chapter is NOT_FOUND CHAPTER_NOT_FOUND', async () => {
        const signer = await member();
        const result = await app.expectNothingAppended(() =>
          app.gql(SIGN, { input: { chapterId: '6a1f7e2c-0000-4000-8000-000000000000' } }, { token: signer.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'CHAPTER_NOT_FOUND' });
      });

      it('transferring into a FORMING chapter is CONFLICT CHAPTER_NOT_ACTIVE', async () => {
        const founder = await member();
        await app.foundChapter(founder.token, 'Transfer Origin', null);
        const result = await app.expectNothingAppended(() =>
          app.gql(TRANSFER, { input: { chapterId: forming } }, { token: founder.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'CHAPTER_NOT_ACTIVE' });
      });

      it('founding and signing need a member token: UNAUTHENTICATED for an operator', async () => {
        const found = await app.expectNothingAppended(() =>
          app.gql(FOUND, { input: { name: 'Operator Chapter', kind: 'ONLINE' } }, { token: operator }),
        );
        expect(found.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
        const sign = await app.expectNothingAppended(() => app.gql(SIGN, { input: { chapterId: forming } }));
        expect(sign.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      });
    });
  });

  describe('merging and dissolving', () => {
    /** An active chapter with its three founders and `extra` more members who joined. */
    async function activeChapter(name: string, extra = 0) {
      const founder = await member('Founder');
      const founded = await app.foundChapter(founder.token, name, null);
      const members: Member[] = [founder];
      for (let index = 0; index < extra; index += 1) {
        const joiner = await member('Joiner');
        await app.gql(JOIN, { input: { chapterId: founded.chapterId } }, { token: joiner.token });
        members.push(joiner);
      }
      return { chapterId: founded.chapterId, founder, members };
    }

    it('merges a chapter into another: closed, every member moved on their own stream, counts follow', async () => {
      const source = await activeChapter('Merge Source', 1);
      const target = await activeChapter('Merge Target');
      const result = await app.gql(
        MERGE,
        { input: { chapterId: source.chapterId, intoChapterId: target.chapterId } },
        { token: chair.token },
      );
      expect(result.errors).toBeUndefined();
      // Three founders (one named, two enrolled by the helper) and one joiner.
      expect(result.data!.mergeChapters).toMatchObject({ chapterId: source.chapterId, membersMoved: 4 });
      const [, merged, recorded] = (await app.store.readStream(chapterStream(source.chapterId))).slice(-3);
      expect(merged).toMatchObject({
        type: 'ChapterMergedInto',
        data: { chapterId: source.chapterId, intoChapterId: target.chapterId, mergedBy: chair.memberId },
      });
      // The chapter's own stream says who was moved, so nobody is lost without a trace.
      expect(recorded.type).toBe('ChapterMembersMoved');
      const recordedIds = (recorded.data as { memberIds: string[] }).memberIds;
      expect(recordedIds).toHaveLength(4);
      expect(recordedIds).toEqual(expect.arrayContaining(source.members.map((moved) => moved.memberId)));
      for (const moved of source.members) {
        const [last] = await app.store.readStream(memberStream(moved.memberId), {
          direction: 'backwards',
          maxCount: 1,
        });
        expect(last).toMatchObject({
          type: 'MemberMovedByMerger',
          data: { fromChapterId: source.chapterId, toChapterId: target.chapterId },
        });
      }
      const wait = result.data!.mergeChapters.receipt.position;
      expect(await chapter(source.chapterId, wait)).toMatchObject({
        status: 'CLOSED',
        memberCount: 0,
        closedAt: expect.any(String),
        successorChapterId: target.chapterId,
      });
      expect(await chapter(target.chapterId, wait)).toMatchObject({ status: 'ACTIVE', memberCount: 7 });
      const me = await app.gql(ME, { wait }, { token: source.founder.token });
      expect(me.data!.me.chapter).toEqual({ id: target.chapterId });

      // Closed chapters take nobody in.
      const latecomer = await member();
      const join = await app.expectNothingAppended(() =>
        app.gql(JOIN, { input: { chapterId: source.chapterId } }, { token: latecomer.token }),
      );
      expect(join.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_ACTIVE', status: 'CLOSED' });
      const transfer = await app.expectNothingAppended(() =>
        app.gql(TRANSFER, { input: { chapterId: source.chapterId } }, { token: source.founder.token }),
      );
      expect(transfer.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_ACTIVE' });
      const sign = await app.expectNothingAppended(() =>
        app.gql(SIGN, { input: { chapterId: source.chapterId } }, { token: latecomer.token }),
      );
      expect(sign.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_FORMING', status: 'CLOSED' });
    });

    it('dissolves a chapter into a successor, moving its members there', async () => {
      const dissolved = await activeChapter('Dissolve With Heir');
      const successor = await activeChapter('The Heir');
      const result = await app.gql(
        DISSOLVE,
        { input: { chapterId: dissolved.chapterId, successorChapterId: successor.chapterId } },
        { token: chair.token },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data!.dissolveChapter.membersMoved).toBe(3);
      const [last] = await app.store.readStream(memberStream(dissolved.founder.memberId), {
        direction: 'backwards',
        maxCount: 1,
      });
      expect(last).toMatchObject({
        type: 'MemberMovedToSuccessorChapter',
        data: { fromChapterId: dissolved.chapterId, toChapterId: successor.chapterId },
      });
      const wait = result.data!.dissolveChapter.receipt.position;
      expect(await chapter(successor.chapterId, wait)).toMatchObject({ memberCount: 6 });
      expect(await chapter(dissolved.chapterId, wait)).toMatchObject({
        status: 'CLOSED',
        memberCount: 0,
        successorChapterId: successor.chapterId,
      });
    });

    it('dissolves a chapter without a successor: its members stay enrolled in no chapter', async () => {
      const dissolved = await activeChapter('Dissolve Alone', 1);
      const result = await app.gql(DISSOLVE, { input: { chapterId: dissolved.chapterId } }, { token: chair.token });
      expect(result.errors).toBeUndefined();
      expect(result.data!.dissolveChapter.membersMoved).toBe(4);
      const wait = result.data!.dissolveChapter.receipt.position;
      for (const released of dissolved.members) {
        expect(await types(memberStream(released.memberId))).toContain('MemberReleasedByDissolution');
      }
      const me = await app.gql(ME, { wait }, { token: dissolved.founder.token });
      expect(me.data!.me).toEqual({ status: 'ACTIVE', chapter: null });
      expect(await chapter(dissolved.chapterId, wait)).toMatchObject({
        status: 'CLOSED',
        memberCount: 0,
        successorChapterId: null,
      });
    });

    it('dissolves a chapter that is still forming; its founders can then found another', async () => {
      const founder = await member();
      const { chapterId } = (
        await app.gql(FOUND, { input: { name: 'Never Was', kind: 'ONLINE' } }, { token: founder.token })
      ).data!.foundChapter;
      const result = await app.gql(DISSOLVE, { input: { chapterId } }, { token: chair.token });
      expect(result.data!.dissolveChapter.membersMoved).toBe(0);
      const signer = await member();
      const sign = await app.expectNothingAppended(() =>
        app.gql(SIGN, { input: { chapterId } }, { token: signer.token }),
      );
      expect(sign.errors![0].extensions).toMatchObject({ reason: 'CHAPTER_NOT_FORMING', status: 'CLOSED' });
    });

    it('a retried merge with the same commandId appends nothing and returns the same receipt', async () => {
      const source = await activeChapter('Retry Merge Source');
      const target = await activeChapter('Retry Merge Target');
      const input = {
        chapterId: source.chapterId,
        intoChapterId: target.chapterId,
        commandId: '5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c',
      };
      const first = await app.gql(MERGE, { input }, { token: chair.token });
      const second = await app.expectNothingAppended(() => app.gql(MERGE, { input }, { token: chair.token }));
      expect(second.data!.mergeChapters.receipt).toEqual({ ...first.data!.mergeChapters.receipt, replayed: true });
    });

    it('a retried dissolution with the same commandId appends nothing and returns the same receipt', async () => {
      const dissolved = await activeChapter('Retry Dissolve');
      const input = { chapterId: dissolved.chapterId, commandId: '6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d' };
      const first = await app.gql(DISSOLVE, { input }, { token: chair.token });
      const second = await app.expectNothingAppended(() => app.gql(DISSOLVE, { input }, { token: chair.token }));
      expect(second.data!.dissolveChapter.receipt).toEqual({ ...first.data!.dissolveChapter.receipt, replayed: true });
    });

    it('a join decided before the close but appended after it follows the closure', async () => {
      const source = await activeChapter('Race Source');
      const target = await activeChapter('Race Target');
      const joiner = await member();

      // The join handler reads the chapter while it is active; the merge commits right after that
      // read, before the join is appended.
      const runner = app.app.get(CommandRunner);
      const load = runner.load.bind(runner);
      let merge: GraphQLResult<Record<string, any>> | undefined;
      const spy = jest.spyOn(runner, 'load').mockImplementation(async (decider, stream) => {
        const state = await load(decider, stream);
        if (stream === chapterStream(source.chapterId) && merge === undefined) {
          merge = {} as never;
          merge = await app.gql(
            MERGE,
            { input: { chapterId: source.chapterId, intoChapterId: target.chapterId } },
            { token: chair.token },
          );
        }
        return state;
      });
      let joined;
      try {
        joined = await app.gql(JOIN, { input: { chapterId: source.chapterId } }, { token: joiner.token });
      } finally {
        spy.mockRestore();
      }
      expect(merge!.errors).toBeUndefined();
      // The merger's list, taken after the close, could not contain the joiner.
      expect(merge!.data!.mergeChapters.membersMoved).toBe(3);
      expect(joined.errors).toBeUndefined();

      const events = await app.store.readStream(memberStream(joiner.memberId));
      expect(events.map((event) => event.type)).toEqual([
        'MemberEnrolled',
        'MemberJoinedChapter',
        'MemberMovedByMerger',
      ]);
      const [, join, moved] = events;
      expect(moved.metadata.causationId).toBe(join.metadata.commandId);
      expect(moved.metadata.commandId).not.toBe(join.metadata.commandId);

      const wait = joined.data!.joinChapter.receipt.position;
      expect(BigInt(wait)).toBe(moved.position);
      // Three founders, the three moved by the merger, and the late joiner.
      expect(await chapter(target.chapterId, wait)).toMatchObject({ memberCount: 7 });
      expect(await chapter(source.chapterId, wait)).toMatchObject({ memberCount: 0, status: 'CLOSED' });
    });

    describe('rejections: a clear error and nothing appended', () => {
      let open: { chapterId: string; founder: Member };
      let other: { chapterId: string };
      let closed: { chapterId: string };
      let forming: string;

      beforeAll(async () => {
        open = await activeChapter('Rejection Open');
        other = await activeChapter('Rejection Other');
        closed = await activeChapter('Rejection Closed');
        await app.gql(DISSOLVE, { input: { chapterId: closed.chapterId } }, { token: chair.token });
        forming = (
          await app.gql(
            FOUND,
            { input: { name: 'Rejection Forming', kind: 'ONLINE' } },
            { token: (await member()).token },
          )
        ).data!.foundChapter.chapterId;
      });

      const unknown = '6a1f7e2c-0000-4000-8000-000000000000';

      it.each([
        ['a member not on the committee', 'member'],
        ['an operator', 'operator'],
      ])('%s is FORBIDDEN NOT_A_COMMITTEE_MEMBER', async (_label, who) => {
        const token = who === 'operator' ? operator : open.founder.token;
        const merge = await app.expectNothingAppended(() =>
          app.gql(MERGE, { input: { chapterId: open.chapterId, intoChapterId: other.chapterId } }, { token }),
        );
        expect(merge.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
        const dissolve = await app.expectNothingAppended(() =>
          app.gql(DISSOLVE, { input: { chapterId: open.chapterId } }, { token }),
        );
        expect(dissolve.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_A_COMMITTEE_MEMBER' });
      });

      it('merging needs a token: UNAUTHENTICATED', async () => {
        const result = await app.expectNothingAppended(() =>
          app.gql(MERGE, { input: { chapterId: open.chapterId, intoChapterId: other.chapterId } }),
        );
        expect(result.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      });

      it.each([
        [
          'merging into a forming chapter',
          'CONFLICT',
          'CHAPTER_NOT_ACTIVE',
          MERGE,
          () => ({ chapterId: open.chapterId, intoChapterId: forming }),
        ],
        [
          'merging into itself',
          'BAD_USER_INPUT',
          'CHAPTER_INTO_ITSELF',
          MERGE,
          () => ({ chapterId: open.chapterId, intoChapterId: open.chapterId }),
        ],
        [
          'merging an unknown chapter',
          'NOT_FOUND',
          'CHAPTER_NOT_FOUND',
          MERGE,
          () => ({ chapterId: unknown, intoChapterId: other.chapterId }),
        ],
        [
          'merging into an unknown chapter',
          'NOT_FOUND',
          'CHAPTER_NOT_FOUND',
          MERGE,
          () => ({ chapterId: open.chapterId, intoChapterId: unknown }),
        ],
        [
          'merging a closed chapter',
          'CONFLICT',
          'CHAPTER_CLOSED',
          MERGE,
          () => ({ chapterId: closed.chapterId, intoChapterId: other.chapterId }),
        ],
        [
          'merging into a closed chapter',
          'CONFLICT',
          'CHAPTER_NOT_ACTIVE',
          MERGE,
          () => ({ chapterId: open.chapterId, intoChapterId: closed.chapterId }),
        ],
        [
          'dissolving into itself',
          'BAD_USER_INPUT',
          'CHAPTER_INTO_ITSELF',
          DISSOLVE,
          () => ({ chapterId: open.chapterId, successorChapterId: open.chapterId }),
        ],
        ['dissolving an unknown chapter', 'NOT_FOUND', 'CHAPTER_NOT_FOUND', DISSOLVE, () => ({ chapterId: unknown })],
        [
          'dissolving a closed chapter',
          'CONFLICT',
          'CHAPTER_CLOSED',
          DISSOLVE,
          () => ({ chapterId: closed.chapterId }),
        ],
        [
          'dissolving into a closed successor',
          'CONFLICT',
          'CHAPTER_NOT_ACTIVE',
          DISSOLVE,
          () => ({ chapterId: open.chapterId, successorChapterId: closed.chapterId }),
        ],
      ])('%s is %s %s', async (_label, code, reason, mutation, input) => {
        const result = await app.expectNothingAppended(() =>
          app.gql(mutation, { input: input() }, { token: chair.token }),
        );
        expect(result.errors).toHaveLength(1);
        expect(result.errors![0].extensions).toMatchObject({ code, reason });
      });

      it('a malformed chapter id is BAD_USER_INPUT naming the field', async () => {
        const result = await app.expectNothingAppended(() =>
          app.gql(MERGE, { input: { chapterId: open.chapterId, intoChapterId: 'nope' } }, { token: chair.token }),
        );
        expect(result.errors![0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          fields: [{ field: 'intoChapterId', message: 'intoChapterId must be a UUID' }],
        });
      });
    });
  });
});

describe('founders who are no longer free do not count toward the minimum (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({}, { chapterFoundersMinimum: 2 });
  });

  afterAll(async () => {
    await app.stop();
  });

  it('a founder who joined another chapter meanwhile cannot complete a second one', async () => {
    const FOUND = `mutation ($input: FoundChapterInput!) { foundChapter(input: $input) { chapterId status } }`;
    const SIGN = `mutation ($input: SignChapterFoundingInput!) {
      signChapterFounding(input: $input) { status receipt { position } }
    }`;
    const ada = await app.enroll('Free Ada');
    const bea = await app.enroll('Free Bea');
    const cyd = await app.enroll('Free Cyd');
    const first = await app.gql(FOUND, { input: { name: 'First Forming', kind: 'ONLINE' } }, { token: ada.token });
    const second = await app.gql(FOUND, { input: { name: 'Second Forming', kind: 'ONLINE' } }, { token: ada.token });
    expect([first.data!.foundChapter.status, second.data!.foundChapter.status]).toEqual(['FORMING', 'FORMING']);

    const completed = await app.gql(
      SIGN,
      { input: { chapterId: first.data!.foundChapter.chapterId } },
      { token: bea.token },
    );
    expect(completed.data!.signChapterFounding.status).toBe('ACTIVE');

    // Ada is now in the first chapter: Cyd's signature is the second chapter's only free one.
    const stillForming = await app.gql(
      SIGN,
      { input: { chapterId: second.data!.foundChapter.chapterId } },
      { token: cyd.token },
    );
    expect(stillForming.errors).toBeUndefined();
    expect(stillForming.data!.signChapterFounding.status).toBe('FORMING');
  });
});
