import { Actor, checkPages, foldEvents } from '../../libs/core/src';
import { CommandRunner, EventStore, RecordedEvent, scanLogBetween } from '../../libs/event-store/src';
import { KeyVault } from '../../libs/privacy/src';
import {
  PublishedBallotLine,
  ReferendumCountPagePublished,
  ReferendumCounted,
  ReferendumEvent,
  referendumCountStream,
  referendumDecider,
  referendumStream,
} from '../../libs/proposals/src';
import { AcceptedCommand, acceptCommand } from '../../apps/api/src/commands/command-envelope';
import { CastDelegateBallotHandler } from '../../apps/api/src/convention/cast-delegate-ballot/cast-delegate-ballot.command';
import { CastDelegateBallotCommand } from '../../apps/api/src/convention/cast-delegate-ballot/cast-delegate-ballot.command';
import {
  CastConventionVoteCommand,
  CastConventionVoteHandler,
} from '../../apps/api/src/floor/cast-convention-vote/cast-convention-vote.command';
import { FloorDelegates } from '../../apps/api/src/floor/floor-facts';
import { KEY_VAULT } from '../../apps/api/src/infrastructure/tokens';
import {
  CastReferendumBallotCommand,
  CastReferendumBallotHandler,
} from '../../apps/api/src/ratification/cast-referendum-ballot/cast-referendum-ballot.command';
import { conventionWithDelegates, floorRules } from '../support/convention-fixture';
import { conventionInRatification } from '../support/ratification-fixture';
import { GraphQLResult, TestApp } from '../support/test-app';

/**
 * "Acknowledged means counted", on the log: for each kind of vote whose ballots live outside the
 * vote's stream, a ballot whose handler read the vote as open but whose append lands after the
 * close (as when another API process closes the vote meanwhile) is answered VOTE_CLOSED, is not
 * counted, and shows as late where the vote's ballots are read. The race is made certain, not
 * likely: a second handler (a second "process" on the same store and vault) is built over the
 * real store, and the close is sent over HTTP just before that handler's append goes through.
 */

function ok<T = Record<string, any>>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** The real store, with `beforeAppend` run once just before the first append to a stream with the prefix. */
function closingBeforeAppend(store: EventStore, streamPrefix: string, beforeAppend: () => Promise<void>): EventStore {
  let fired = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'appendToStream') {
        return async (...args: Parameters<EventStore['appendToStream']>) => {
          if (!fired && args[0].startsWith(streamPrefix)) {
            fired = true;
            await beforeAppend();
          }
          return target.appendToStream(...args);
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function accepted(memberId: string | null, actor: Actor | null): AcceptedCommand {
  return acceptCommand(
    { actor: memberId === null ? null : { kind: 'member', memberId }, authError: null, correlationId: 'late-ballots' },
    {},
    actor,
  );
}

async function lateAnswer(cast: () => Promise<unknown>): Promise<{ ballotPosition: string; closePosition: string }> {
  const error = (await cast().then(
    () => null,
    (failure: unknown) => failure,
  )) as { category?: string; code?: string; details?: { ballotPosition: string; closePosition: string } } | null;
  expect(error).toMatchObject({ category: 'CONFLICT', code: 'VOTE_CLOSED' });
  const { ballotPosition, closePosition } = error!.details!;
  expect(BigInt(ballotPosition)).toBeGreaterThan(BigInt(closePosition));
  return { ballotPosition, closePosition };
}

describe('late ballots (e2e): acknowledged means counted, defined on the log', () => {
  describe('convention votes', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await TestApp.start();
    });

    afterAll(async () => {
      await app.stop();
    });

    it('a ballot landing after the line is answered VOTE_CLOSED, not counted, and listed as late', async () => {
      const floor = await conventionWithDelegates(app, { delegates: 3 });
      const [d0, d1, d2] = floor.delegates;
      const { proposalId } = ok(
        await app.gql(
          `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { proposalId } }`,
          { input: { conventionId: floor.conventionId, kind: 'RESOLUTION', title: 'Late', clauses: ['Be on time.'] } },
          { token: d0.token },
        ),
      ).submitProposal;
      ok(
        await app.gql(
          `mutation ($input: ProposalInput!) { secondProposal(input: $input) { proposalId } }`,
          { input: { proposalId } },
          { token: d1.token },
        ),
      );
      for (const phase of ['AMENDMENT', 'DELIBERATION', 'VOTING']) await floor.advance(phase);
      const { voteId } = ok(
        await app.gql(
          `mutation ($input: OpenConventionVoteInput!) { openConventionVote(input: $input) { voteId } }`,
          { input: { conventionId: floor.conventionId, proposalId } },
          { token: floor.clerk.token },
        ),
      ).openConventionVote;
      const cast = `mutation ($input: CastConventionVoteInput!) { castConventionVote(input: $input) { receipt { position } } }`;
      ok(await app.gql(cast, { input: { voteId, choice: 'YES' } }, { token: d0.token }));

      const close = async () => {
        ok(
          await app.gql(
            `mutation ($input: ConventionVoteInput!) { closeConventionVote(input: $input) { voteId } }`,
            { input: { voteId } },
            { token: floor.clerk.token },
          ),
        );
      };
      const store = closingBeforeAppend(app.store, `ConventionBallot-${voteId}-`, close);
      const otherProcess = new CastConventionVoteHandler(
        new CommandRunner(store),
        app.app.get(FloorDelegates, { strict: false }),
        store,
      );
      const command = accepted(d1.memberId, { kind: 'member', memberId: d1.memberId });
      const late = await lateAnswer(() =>
        otherProcess.execute(
          new CastConventionVoteCommand(command, d1.memberId, voteId, { method: 'yes-no', choice: 'no' }),
        ),
      );
      // The client's retry of that ballot gets the same answer: it is in the log, as late.
      const retried = await app.gql(
        cast,
        { input: { commandId: command.commandId, voteId, choice: 'NO' } },
        {
          token: d1.token,
        },
      );
      expect(retried.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'VOTE_CLOSED', ...late });
      // A ballot sent once the close is visible is refused before anything is appended.
      const refused = await app.expectNothingAppended(() =>
        app.gql(cast, { input: { voteId, choice: 'NO' } }, { token: d2.token }),
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'CONVENTION_VOTE_CLOSED' });

      const { conventionVote } = ok(
        await app.gql(
          `query ($id: ID!, $wait: String) { conventionVote(id: $id, waitForPosition: $wait) {
            status participation { ballots yes no } rollCall { totalCount nodes { seatId choice } }
            lateBallots { seatId voter { memberId } choice position } tally { yesNo { voters { yes no abstain } } } } }`,
          { id: voteId, wait: late.ballotPosition },
        ),
      );
      expect(conventionVote.status).toBe('CLOSED');
      expect(conventionVote.participation).toEqual({ ballots: 1, yes: 1, no: 0 });
      expect(conventionVote.rollCall).toEqual({
        totalCount: 1,
        nodes: [{ seatId: expect.any(String), choice: 'YES' }],
      });
      expect(conventionVote.lateBallots).toEqual([
        { seatId: expect.any(String), voter: { memberId: d1.memberId }, choice: 'NO', position: late.ballotPosition },
      ]);
      expect(conventionVote.tally.yesNo.voters).toEqual({ yes: 1, no: 0, abstain: 0 });
    });
  });

  describe('delegate elections', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await TestApp.start();
    });

    afterAll(async () => {
      await app.stop();
    });

    it('a ballot landing after the close is answered VOTE_CLOSED, not counted, and its position listed as late', async () => {
      const operator = await app.operatorToken();
      const chair = await app.enroll('Late Chair');
      ok(
        await app.gql(
          `mutation ($input: AppointCommitteeMemberInput!) { appointCommitteeMember(input: $input) { memberId } }`,
          { input: { memberId: chair.memberId } },
          { token: operator },
        ),
      );
      const { chapterId } = await app.foundChapter(chair.token, 'Late chapter', null);
      const voters = [await app.enroll('Voter One'), await app.enroll('Voter Two')];
      for (const voter of voters) {
        ok(
          await app.gql(
            `mutation ($input: JoinChapterInput!) { joinChapter(input: $input) { receipt { position } } }`,
            { input: { chapterId } },
            { token: voter.token },
          ),
        );
      }
      const clerk = await app.enroll('Late Clerk');
      const { conventionId } = ok(
        await app.gql(
          `mutation ($input: CallConventionInput!) { callConvention(input: $input) { conventionId } }`,
          { input: { title: 'Late convention', rules: floorRules({ totalSeats: 1, alternatesPerChapter: 0 }) } },
          { token: chair.token },
        ),
      ).callConvention;
      ok(
        await app.gql(
          `mutation ($input: SecretariatMemberInput!) { appointSecretariatMember(input: $input) { conventionId } }`,
          { input: { conventionId, memberId: clerk.memberId } },
          { token: chair.token },
        ),
      );
      ok(
        await app.gql(
          `mutation ($input: AdvanceConventionPhaseInput!) { advanceConventionPhase(input: $input) { receipt { position } } }`,
          { input: { conventionId, to: 'DELEGATE_SELECTION' } },
          { token: clerk.token },
        ),
      );
      const election = (extra: Record<string, unknown> = {}) => ({ input: { conventionId, chapterId, ...extra } });
      for (const candidate of voters) {
        ok(
          await app.gql(
            `mutation ($input: NominateDelegateInput!) { nominateDelegate(input: $input) { electionId } }`,
            election({ candidateId: candidate.memberId }),
            { token: candidate.token },
          ),
        );
      }
      ok(
        await app.gql(
          `mutation ($input: DelegateElectionInput!) { openDelegateVoting(input: $input) { electionId } }`,
          election(),
          { token: clerk.token },
        ),
      );
      const [first, second] = voters;
      ok(
        await app.gql(
          `mutation ($input: CastDelegateBallotInput!) { castDelegateBallot(input: $input) { electionId } }`,
          election({ approved: [first.memberId] }),
          { token: first.token },
        ),
      );
      const close = async () => {
        ok(
          await app.gql(
            `mutation ($input: DelegateElectionInput!) { closeDelegateVoting(input: $input) { electionId } }`,
            election(),
            { token: clerk.token },
          ),
        );
      };
      const store = closingBeforeAppend(app.store, `DelegateBallot-${conventionId}-`, close);
      const otherProcess = new CastDelegateBallotHandler(new CommandRunner(store), app.app.get(KEY_VAULT), store);
      const late = await lateAnswer(() =>
        otherProcess.execute(
          new CastDelegateBallotCommand(accepted(second.memberId, null), second.memberId, conventionId, chapterId, {
            method: 'APPROVAL',
            approved: [second.memberId],
          }),
        ),
      );

      const { delegateElection } = ok(
        await app.gql(
          `query ($conventionId: ID!, $chapterId: ID!, $wait: String) {
            delegateElection(conventionId: $conventionId, chapterId: $chapterId, waitForPosition: $wait) {
              status ballots lateBallotPositions tally { elected } } }`,
          { conventionId, chapterId, wait: late.ballotPosition },
        ),
      );
      expect(delegateElection).toEqual({
        status: 'TALLIED',
        ballots: 1,
        lateBallotPositions: [late.ballotPosition],
        tally: { elected: [first.memberId] },
      });
      // The election's audit trail shows that ballot as late, without its voter.
      const electionId = (
        ok(
          await app.gql(
            `query ($conventionId: ID!, $chapterId: ID!) { delegateElection(conventionId: $conventionId, chapterId: $chapterId) { id } }`,
            { conventionId, chapterId },
          ),
        ) as { delegateElection: { id: string } }
      ).delegateElection.id;
      expect(await secretBallotsInTrail(app, 'DELEGATE_ELECTION', electionId, late.ballotPosition)).toContainEqual({
        recorded: { position: late.ballotPosition, actor: null },
        secretBallot: { tracker: null, status: 'LATE' },
      });
    });
  });

  describe('the referendum', () => {
    let app: TestApp;

    beforeAll(async () => {
      app = await TestApp.start();
    });

    afterAll(async () => {
      await app.stop();
    });

    it('counts exactly the ballots below the line, as a scan of the log finds them; a later one is late', async () => {
      const convention = await conventionInRatification(app, { ratificationThreshold: '1/2' });
      const { referendumId } = ok(
        await app.gql(
          `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
          { input: { conventionId: convention.conventionId } },
          { token: convention.clerk.token },
        ),
      ).openReferendum;
      // Members enrolled before the opening are in the electorate: the fixture's chair and clerk.
      const cast = `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker } }`;
      const chairTracker = ok(
        await app.gql(cast, { input: { referendumId, choice: 'YES' } }, { token: convention.chair.token }),
      ).castReferendumBallot.tracker as string;

      const close = async () => {
        ok(
          await app.gql(
            `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { outcome } }`,
            { input: { referendumId } },
            { token: convention.clerk.token },
          ),
        );
      };
      const store = closingBeforeAppend(app.store, `ReferendumBallot-${referendumId}-`, close);
      const vault = app.app.get<KeyVault>(KEY_VAULT);
      const otherProcess = new CastReferendumBallotHandler(new CommandRunner(store), store, vault);
      const clerkTracker = await vault.tracker(referendumId, convention.clerk.memberId);
      const late = await lateAnswer(() =>
        otherProcess.execute(
          new CastReferendumBallotCommand(accepted(null, null), convention.clerk.memberId, referendumId, 'no'),
        ),
      );

      const { referendum, referendumCount } = ok(
        await app.gql(
          `query ($id: ID!, $wait: String) {
            referendum(id: $id, waitForPosition: $wait) { status turnout result { outcome yes no } lateBallots { tracker choice position } }
            referendumCount(referendumId: $id, waitForPosition: $wait) { tracker choice } }`,
          { id: referendumId, wait: late.ballotPosition },
        ),
      );
      expect(referendum).toEqual({
        status: 'CLOSED',
        turnout: 1,
        result: { outcome: 'ADOPTED', yes: 1, no: 0 },
        lateBallots: [{ tracker: clerkTracker, choice: 'NO', position: late.ballotPosition }],
      });
      expect(referendumCount).toEqual([{ tracker: chairTracker, choice: 'YES' }]);
      expect(await secretBallotsInTrail(app, 'REFERENDUM', referendumId, late.ballotPosition)).toEqual([
        {
          recorded: { position: expect.any(String), actor: null },
          secretBallot: { tracker: chairTracker, status: 'COUNTED' },
        },
        {
          recorded: { position: late.ballotPosition, actor: null },
          secretBallot: { tracker: clerkTracker, status: 'LATE' },
        },
      ]);

      // The count as published, checked against its summary and against the log itself.
      const history = await app.store.readStream(referendumStream(referendumId));
      const line = history.find((event) => event.type === 'ReferendumVotingClosed')!;
      expect(line.position.toString()).toBe(late.closePosition);
      const counted = history.find((event) => event.type === 'ReferendumCounted') as RecordedEvent & ReferendumCounted;
      const pages = (await app.store.readStream(referendumCountStream(referendumId))).map(
        (event) => (event as RecordedEvent & ReferendumCountPagePublished).data,
      );
      expect(checkPages(pages, counted.data)).toEqual([]);
      expect(pages.flatMap((page) => page.items)).toEqual(await countBelowLine(app.store, referendumId, line));
      expect(
        foldEvents(
          referendumDecider,
          history.map(({ type, data }) => ({ type, data }) as ReferendumEvent),
        ).status,
      ).toBe('closed');
    });
  });
});

describe('an interrupted referendum close (e2e)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
  });

  afterAll(async () => {
    await app.stop();
  });

  it('is completed by closing again with another command id: the line stays one, the count is published once', async () => {
    const convention = await conventionInRatification(app);
    const { referendumId } = ok(
      await app.gql(
        `mutation ($input: OpenReferendumInput!) { openReferendum(input: $input) { referendumId } }`,
        { input: { conventionId: convention.conventionId } },
        { token: convention.clerk.token },
      ),
    ).openReferendum;
    ok(
      await app.gql(
        `mutation ($input: CastReferendumBallotInput!) { castReferendumBallot(input: $input) { tracker } }`,
        { input: { referendumId, choice: 'YES' } },
        { token: convention.chair.token },
      ),
    );
    // A close that stopped right after drawing its line (the process died there).
    const runner = app.app.get(CommandRunner, { strict: false });
    const stopped = accepted(convention.clerk.memberId, { kind: 'member', memberId: convention.clerk.memberId });
    await runner.run(
      referendumDecider,
      referendumStream(referendumId),
      stopped.envelope({
        type: 'CloseReferendum' as const,
        data: {
          referendumId,
          closedBy: { memberId: convention.clerk.memberId, isSecretariat: true },
          closedAt: stopped.acceptedAt,
        },
      }),
    );
    const close = (commandId?: string) =>
      app.gql(
        `mutation ($input: CloseReferendumInput!) { closeReferendum(input: $input) { outcome ratified receipt { position replayed } } }`,
        { input: { referendumId, ...(commandId === undefined ? {} : { commandId }) } },
        { token: convention.clerk.token },
      );
    const completed = ok(await close()).closeReferendum;
    expect(completed).toMatchObject({ outcome: 'ADOPTED', ratified: true });
    // The stopped close's own retry now finds everything done; another close is refused.
    expect(ok(await close(stopped.commandId)).closeReferendum).toMatchObject({ outcome: 'ADOPTED' });
    const again = await app.expectNothingAppended(() => close());
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REFERENDUM_CLOSED' });

    const history = await app.store.readStream(referendumStream(referendumId));
    expect(history.map((event) => event.type)).toEqual([
      'ReferendumOpened',
      'ReferendumVotingClosed',
      'ReferendumCounted',
    ]);
    const pages = await app.store.readStream(referendumCountStream(referendumId));
    expect(pages.map((event) => (event.data as { items: unknown[] }).items.length)).toEqual([1]);
    const { organizationStructure } = ok(
      await app.gql(`query ($wait: String) { organizationStructure(waitForPosition: $wait) { phase } }`, {
        wait: completed.receipt.position,
      }),
    );
    expect(organizationStructure.phase).toBe('FINAL');
  });
});

/** The secret ballots of a vote's audit trail, as the audit trail query serves them. */
async function secretBallotsInTrail(app: TestApp, entity: string, id: string, wait: string) {
  const result = await app.gql<{
    auditTrail: { nodes: { recorded: { position: string; actor: string | null }; secretBallot: unknown }[] };
  }>(
    `query ($entity: AuditEntity!, $id: UUID!, $wait: String) {
      auditTrail(entity: $entity, id: $id, first: 200, waitForPosition: $wait) {
        nodes { recorded { position actor } secretBallot { tracker status } } } }`,
    { entity, id, wait },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.auditTrail.nodes.filter((node) => node.secretBallot !== null);
}

/** Each voter's latest ballot strictly between the opening and the line, in tracker order: read from the log alone. */
async function countBelowLine(
  store: EventStore,
  referendumId: string,
  line: RecordedEvent,
): Promise<PublishedBallotLine[]> {
  const [opened] = await store.readStream(referendumStream(referendumId), { maxCount: 1 });
  const latest = new Map<string, PublishedBallotLine>();
  await scanLogBetween(
    store,
    {
      after: opened.position,
      upTo: line.position - 1n,
      streamPrefix: `ReferendumBallot-${referendumId}-`,
      type: 'ReferendumBallotCast',
    },
    (recorded) => {
      const { voterKey, tracker, choice } = recorded.data as { voterKey: string } & PublishedBallotLine;
      latest.set(voterKey, { tracker, choice });
    },
  );
  return [...latest.values()].sort((a, b) => (a.tracker < b.tracker ? -1 : a.tracker > b.tracker ? 1 : 0));
}
