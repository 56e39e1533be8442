import { join } from 'node:path';
import { DomainEvent, eventIdFor } from '../../../core/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { decisionTrackerProjection, phaseDecisionId } from './decision-tracker.projection';

const at = '2026-07-01T10:00:00.000Z';
const committeeActor = { kind: 'member', memberId: 'm-1' } as const;
const rules = { minimumSupport: { numerator: 4, denominator: 5 }, maximumObjections: 1, allowedKinds: null };

async function append(fixture: StoreFixture, stream: string, events: DomainEvent[]): Promise<void> {
  const metadata = testMetadata({ acceptedAt: at, actor: committeeActor });
  const existing = await fixture.store.readStream(stream);
  await fixture.store.appendToStream(
    stream,
    events.map((event, index) => ({ id: eventIdFor(metadata.commandId, stream, index), ...event, metadata })),
    { expectedRevision: existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1) },
  );
}

const proposed = (decisionId: string, deadline: string): DomainEvent => ({
  type: 'InterimDecisionProposed',
  data: {
    decisionId,
    kind: 'general',
    title: `Decision ${decisionId}`,
    text: 'text',
    proposedBy: 'm-1',
    committee: ['m-1', 'm-2', 'm-3'],
    rules,
    deadline,
    proposedAt: at,
  },
});
const tally = { committeeSize: 3, supports: 3, objections: 0, abstentions: 0, absent: 0 };

describe('decision tracker projection', () => {
  let fixture: StoreFixture;

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  const rows = () =>
    fixture.db
      .prepare(
        `SELECT decision_id AS id, kind, subject_kind, body, stage, step, deadline, electorate, opened_actor, closed_type,
                (SELECT count(*) FROM tracker_participants p WHERE p.decision_id = d.decision_id) AS participants
           FROM tracker_decisions d ORDER BY opened_position`,
      )
      .all();

  it('tracks each kind of decision through its stages, counts roll-call participants once, and rebuilds byte for byte', async () => {
    await append(fixture, 'InterimDecision-a', [proposed('a', '2026-07-02T00:00:00Z')]);
    await append(fixture, 'InterimDecision-a', [
      { type: 'InterimDecisionVoteCast', data: { decisionId: 'a', memberId: 'm-1', vote: 'support', votedAt: at } },
      { type: 'InterimDecisionVoteCast', data: { decisionId: 'a', memberId: 'm-1', vote: 'object', votedAt: at } },
      { type: 'InterimDecisionVoteCast', data: { decisionId: 'a', memberId: 'm-2', vote: 'support', votedAt: at } },
    ]);
    await append(fixture, 'InterimDecision-b', [proposed('b', '2026-07-03T00:00:00.000Z')]);
    await append(fixture, 'InterimDecision-b', [
      { type: 'InterimDecisionAdopted', data: { decisionId: 'b', tally, adoptedAt: at } },
    ]);
    await append(fixture, 'InterimDecision-c', [proposed('c', '2026-07-03T00:00:00.000Z')]);
    await append(fixture, 'InterimDecision-c', [
      { type: 'InterimDecisionLapsed', data: { decisionId: 'c', tally, lapsedAt: at } },
      // A second close of a closed decision changes nothing.
      { type: 'InterimDecisionAdopted', data: { decisionId: 'c', tally, adoptedAt: at } },
    ]);
    await append(fixture, 'Convention-organization', [
      {
        type: 'ConventionCalled',
        data: {
          conventionId: 'conv',
          title: 'Founding',
          rules: { deadlines: [{ phase: 'DELEGATE_SELECTION', deadline: '2026-08-01T00:00:00Z' }] },
          calledBy: 'm-1',
          calledAt: at,
        },
      },
    ]);
    await append(fixture, 'Convention-organization', [
      {
        type: 'ConventionPhaseAdvanced',
        data: { conventionId: 'conv', from: 'CALLED', to: 'DELEGATE_SELECTION', advancedBy: 'm-1', advancedAt: at },
      },
    ]);
    await append(fixture, 'ConventionVote-v', [
      {
        type: 'ConventionVoteOpened',
        data: {
          voteId: 'v',
          conventionId: 'conv',
          subject: { kind: 'proposal', proposalId: 'p' },
          method: 'yes-no',
          rules: {},
          electorate: { seats: 4, totalWeight: '4' },
          openedBy: 'm-1',
          openedAt: at,
        },
      },
      {
        type: 'ConventionBallotCast',
        data: { voteId: 'v', seatId: 's-1', memberId: 'd-1', weight: '1', ballot: {}, castAt: at },
      },
      { type: 'ConventionVotingEnded', data: { voteId: 'v', endedBy: 'm-1', endedAt: at } },
    ]);
    const openVote = (voteId: string): DomainEvent => ({
      type: 'ConventionVoteOpened',
      data: {
        voteId,
        conventionId: 'conv',
        subject: { kind: 'competing-proposals', subject: 'Colour', proposalIds: ['p1', 'p2'] },
        method: 'ranked',
        rules: {},
        electorate: { seats: 5, totalWeight: '5', seatIds: ['s-1', 's-2', 's-3'] },
        openedBy: 'm-1',
        openedAt: at,
      },
    });
    await append(fixture, 'ConventionVote-ranked', [
      openVote('ranked'),
      {
        type: 'ConventionVoteClosed',
        data: {
          voteId: 'ranked',
          tally: { method: 'ranked', outcome: 'decided', winner: 'p1' },
          closedBy: 'm-1',
          closedAt: at,
        },
      },
    ]);
    await append(fixture, 'ConventionVote-none', [
      openVote('none'),
      {
        type: 'ConventionVoteClosed',
        data: {
          voteId: 'none',
          tally: { method: 'ranked', outcome: 'decided', winner: null },
          closedBy: 'm-1',
          closedAt: at,
        },
      },
    ]);
    await append(fixture, 'ConventionVote-cancelled', [
      openVote('cancelled'),
      {
        type: 'ConventionVoteCancelled',
        data: { voteId: 'cancelled', reason: 'VOTING_ENDED', message: 'Voting ended', cancelledAt: at },
      },
    ]);
    await append(fixture, 'DelegateElection-e', [
      {
        type: 'DelegateElectionStarted',
        data: {
          electionId: 'e',
          conventionId: 'conv',
          chapterId: 'ch',
          seats: 2,
          method: 'stv',
          alternates: 1,
          seed: 's',
          startedAt: at,
        },
      },
      { type: 'DelegateVotingOpened', data: { electionId: 'e', candidates: [], openedBy: 'm-1', openedAt: at } },
    ]);
    await append(fixture, 'Referendum-r', [
      {
        type: 'ReferendumOpened',
        data: {
          referendumId: 'r',
          conventionId: 'conv',
          question: 'Ratify?',
          electorateSize: 10,
          rules: {},
          openedBy: 'm-1',
          openedAt: at,
        },
      },
      { type: 'ReferendumVotingClosed', data: { referendumId: 'r', closedBy: 'm-1', closedAt: at } },
      {
        type: 'ReferendumCounted',
        data: {
          referendumId: 'r',
          tally: { outcome: 'no-quorum' },
          pageCount: 0,
          itemCount: 0,
          digest: '',
          countedAt: at,
        },
      },
    ]);

    const runner = new ProjectionRunner(fixture.store, fixture.db, [decisionTrackerProjection]);
    await runner.catchUp();

    expect(rows()).toEqual([
      {
        id: 'a',
        kind: 'INTERIM_DECISION',
        subject_kind: 'title',
        body: 'COMMITTEE',
        stage: 'open',
        step: 'voting',
        deadline: '2026-07-02T00:00:00.000Z',
        electorate: 3,
        opened_actor: 'member:m-1',
        closed_type: null,
        participants: 2,
      },
      expect.objectContaining({ id: 'b', stage: 'adopted', closed_type: 'InterimDecisionAdopted' }),
      expect.objectContaining({ id: 'c', stage: 'lapsed', closed_type: 'InterimDecisionLapsed' }),
      expect.objectContaining({
        id: phaseDecisionId('conv', 'CALLED'),
        kind: 'PHASE_CHANGE',
        body: 'SECRETARIAT',
        stage: 'adopted',
        step: 'CALLED',
        deadline: null,
        closed_type: 'ConventionPhaseAdvanced',
      }),
      expect.objectContaining({
        id: phaseDecisionId('conv', 'DELEGATE_SELECTION'),
        stage: 'open',
        step: 'DELEGATE_SELECTION',
        deadline: '2026-08-01T00:00:00.000Z',
      }),
      expect.objectContaining({ id: 'v', kind: 'CONVENTION_VOTE', stage: 'pending', electorate: 4, participants: 1 }),
      expect.objectContaining({ id: 'ranked', stage: 'adopted', electorate: 3, subject_kind: 'competing' }),
      expect.objectContaining({ id: 'none', stage: 'rejected' }),
      expect.objectContaining({ id: 'cancelled', stage: 'lapsed', closed_type: 'ConventionVoteCancelled' }),
      expect.objectContaining({ id: 'e', kind: 'DELEGATE_ELECTION', body: 'CHAPTER', stage: 'open', step: 'voting' }),
      expect.objectContaining({ id: 'r', kind: 'REFERENDUM', body: 'MEMBERS', stage: 'rejected', participants: 0 }),
    ]);
    expect(fixture.db.prepare('SELECT at FROM tracker_clock').pluck().get()).toBe(at);

    const rebuilt = openReadModelDatabase(join(fixture.dir, 'rebuilt.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, rebuilt, [decisionTrackerProjection]).catchUp();
      const tables = decisionTrackerProjection.tables;
      expect(dumpTables(rebuilt, tables)).toBe(dumpTables(fixture.db, tables));
    } finally {
      rebuilt.close();
    }
  });
});
