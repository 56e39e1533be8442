import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { Decider, DomainEvent, foldEvents } from '../../../core/src';
import { CommandRunner, SqliteEventStore } from '../../../event-store/src';
import {
  AgendaFacts,
  KnownProposal,
  ConventionVoteCommand,
  ConventionVoteSubject,
  ConventionVoteEvent,
  ConventionVoteState,
  RollCallBallot,
  adoptedProposalFacts,
  amendmentDecider,
  amendmentFacts,
  amendmentStream,
  charterDecider,
  charterStream,
  conventionVoteDecider,
  conventionVoteStream,
  proposalDecider,
  proposalStream,
} from '../../../proposals/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { floorProjection } from './floor.projection';

const at = '2026-06-01T10:00:00.000Z';
const conventionId = 'c0000000-0000-4000-8000-000000000001';
const secretariat = { memberId: 'clerk', isSecretariat: true };
const delegate = (memberId: string) => ({ memberId, isCredentialedDelegate: true });
const rules = { threshold: { kind: 'simple-majority' }, quorum: null } as const;

/** A proposal amended by a voted amendment, adopted and enacted; ballots in one stream per seat. */
async function writeHistory(store: SqliteEventStore): Promise<void> {
  const runner = new CommandRunner(store);
  const run = <C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, command: C) =>
    runner.run(decider, stream, { command, metadata: testMetadata({ acceptedAt: at }) });
  const state = async <E extends DomainEvent, S>(decider: Decider<unknown, E, S>, stream: string) =>
    foldEvents(
      decider,
      (await store.readStream(stream)).map((event) => ({ type: event.type, data: event.data }) as E),
    );

  await run(proposalDecider, proposalStream('P1'), {
    type: 'SubmitProposal',
    data: {
      proposalId: 'P1',
      conventionId,
      motion: { kind: 'adopt-rule', ruleId: 'R1' },
      title: 'Dues',
      subject: 'Dues',
      clauses: ['Dues are voluntary.'],
      sponsor: delegate('d1'),
      phase: 'proposal-submission',
      rules: { secondersRequired: 1 },
      deadlines: { proposalSubmission: '2027-01-01T00:00:00.000Z' },
      submittedAt: at,
    },
  });
  await run(proposalDecider, proposalStream('P1'), {
    type: 'SecondProposal',
    data: { proposalId: 'P1', seconder: delegate('d2'), secondedAt: at },
  });
  const proposal = async () => (await state(proposalDecider, proposalStream('P1'))) as KnownProposal;
  await run(amendmentDecider, amendmentStream('A1'), {
    type: 'ProposeAmendment',
    data: {
      amendmentId: 'A1',
      author: delegate('d2'),
      target: {
        proposalId: 'P1',
        proposalStatus: 'open',
        parent: null,
        base: { version: 1, clauses: ['Dues are voluntary.'] },
        currentVersion: 1,
      },
      operations: [{ op: 'insert-after', clause: 1, text: 'Nobody is turned away.' }],
      phase: 'amendment',
      rules: { amendmentDepth: 2, friendlyAmendments: true },
      deadlines: { amendment: '2027-01-01T00:00:00.000Z' },
      proposedAt: at,
    },
  });

  const vote = async (
    voteId: string,
    subject: ConventionVoteSubject,
    agenda: AgendaFacts,
    putToVote: () => Promise<unknown>,
  ) => {
    await run(conventionVoteDecider, conventionVoteStream(voteId), {
      type: 'OpenConventionVote',
      data: {
        voteId,
        conventionId,
        subject,
        openedBy: secretariat,
        phase: 'voting',
        agenda,
        rules,
        electorate: { seats: 3, totalWeight: '3' },
        openedAt: at,
      },
    });
    await putToVote();
    const opened = (await state(conventionVoteDecider, conventionVoteStream(voteId))) as ConventionVoteState;
    const seatDecider: Decider<ConventionVoteCommand, ConventionVoteEvent, ConventionVoteState> = {
      ...conventionVoteDecider,
      initialState: () => opened,
    };
    const ballots: Record<string, RollCallBallot> = {};
    for (const [seat, choice] of [
      ['d1', 'no'],
      ['d1', 'yes'],
      ['d2', 'yes'],
      ['d3', 'no'],
    ] as const) {
      await run(seatDecider, `ConventionBallot-${voteId}-${seat}`, {
        type: 'CastConventionBallot',
        data: {
          voteId,
          voter: { memberId: seat, seatId: seat, isCredentialedDelegate: true, weight: '1' },
          ballot: { method: 'yes-no', choice },
          castAt: at,
        },
      });
      ballots[seat] = { seatId: seat, memberId: seat, weight: '1', ballot: { method: 'yes-no', choice } };
    }
    const withBallots: Decider<ConventionVoteCommand, ConventionVoteEvent, ConventionVoteState> = {
      ...conventionVoteDecider,
      decide: (command, current) =>
        conventionVoteDecider.decide(command, current.status === 'open' ? { ...current, ballots } : current),
    };
    const closed = await run(withBallots, conventionVoteStream(voteId), {
      type: 'CloseConventionVote',
      data: { voteId, closedBy: secretariat, present: null, closedAt: at },
    });
    // A ballot that reaches the log after the close is not shown as counted.
    await run(seatDecider, `ConventionBallot-${voteId}-d3`, {
      type: 'CastConventionBallot',
      data: {
        voteId,
        voter: { memberId: 'd3', seatId: 'd3', isCredentialedDelegate: true, weight: '1' },
        ballot: { method: 'yes-no', choice: 'yes' },
        castAt: at,
      },
    });
    const event = closed.events[0];
    if (event.type !== 'ConventionVoteClosed') throw new Error('not closed');
    return event.data.tally;
  };

  const open = { proposalId: 'P1', subject: 'Dues', status: 'open', seconded: true } as const;
  const amendmentTally = await vote(
    'V1',
    { kind: 'amendment', amendmentId: 'A1', proposalId: 'P1' },
    {
      proposals: [open],
      amendments: [
        { amendmentId: 'A1', proposalId: 'P1', parentAmendmentId: null, status: 'pending', inConflict: false },
      ],
    },
    () =>
      run(amendmentDecider, amendmentStream('A1'), {
        type: 'PutAmendmentToVote',
        data: { amendmentId: 'A1', voteId: 'V1', putAt: at },
      }),
  );
  await run(amendmentDecider, amendmentStream('A1'), {
    type: 'RecordAmendmentDecision',
    data: { amendmentId: 'A1', voteId: 'V1', tally: amendmentTally, decidedAt: at },
  });
  const adopted = await state(amendmentDecider, amendmentStream('A1'));
  if (adopted.status === 'unknown') throw new Error('no amendment');
  await run(proposalDecider, proposalStream('P1'), {
    type: 'ApplyAdoptedAmendment',
    data: { proposalId: 'P1', amendment: amendmentFacts(adopted), voteId: 'V1', amendedAt: at },
  });
  const tally = await vote('V2', { kind: 'proposal', proposalId: 'P1' }, { proposals: [open], amendments: [] }, () =>
    run(proposalDecider, proposalStream('P1'), {
      type: 'PutProposalToVote',
      data: { proposalId: 'P1', voteId: 'V2', putAt: at },
    }),
  );
  await run(proposalDecider, proposalStream('P1'), {
    type: 'RecordProposalDecision',
    data: { proposalId: 'P1', voteId: 'V2', outcome: 'adopted', tally, decidedAt: at },
  });
  await run(charterDecider, charterStream(), {
    type: 'EnactAdoptedProposal',
    data: { proposal: adoptedProposalFacts(await proposal()), enactedAt: at },
  });
}

describe('floor projection', () => {
  let fixture: StoreFixture;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(() => {
    fixture = openStoreFixture();
    ({ store, db } = fixture);
  });

  afterEach(() => fixture.close());

  it('keeps versions, amendments, roll calls up to the close, and the rule with how it was adopted', async () => {
    await writeHistory(store);
    await new ProjectionRunner(store, db, [floorProjection]).catchUp();
    expect(db.prepare('SELECT proposal_id, status, current_version, vote_id FROM floor_proposals').all()).toEqual([
      { proposal_id: 'P1', status: 'adopted', current_version: 2, vote_id: 'V2' },
    ]);
    expect(db.prepare('SELECT version, clauses FROM floor_proposal_versions ORDER BY version').all()).toEqual([
      { version: 1, clauses: JSON.stringify(['Dues are voluntary.']) },
      { version: 2, clauses: JSON.stringify(['Dues are voluntary.', 'Nobody is turned away.']) },
    ]);
    expect(db.prepare('SELECT amendment_id, status, vote_id FROM floor_amendments').all()).toEqual([
      { amendment_id: 'A1', status: 'adopted', vote_id: 'V1' },
    ]);
    expect(db.prepare("SELECT seat_id, choice FROM floor_ballots WHERE vote_id = 'V2' ORDER BY seat_id").all()).toEqual(
      [
        { seat_id: 'd1', choice: 'yes' },
        { seat_id: 'd2', choice: 'yes' },
        { seat_id: 'd3', choice: 'no' },
      ],
    );
    const rule = db
      .prepare("SELECT consolidated_text, origin FROM charter_rule_versions WHERE rule_id = 'R1'")
      .get() as {
      consolidated_text: string;
      origin: string;
    };
    expect(rule.consolidated_text).toBe('1. Dues are voluntary.\n2. Nobody is turned away.');
    expect(JSON.parse(rule.origin)).toEqual({
      proposalId: 'P1',
      proposalVersion: 2,
      voteId: 'V2',
      amendmentIds: ['A1'],
    });
  });

  it('rebuilds byte-identical tables from position 0, whatever the batch size', async () => {
    await writeHistory(store);
    await new ProjectionRunner(store, db, [floorProjection], { batchSize: 3 }).catchUp();
    const original = dumpTables(db);
    const fresh = openReadModelDatabase(join(fixture.dir, 'fresh.sqlite'));
    try {
      await new ProjectionRunner(store, fresh, [floorProjection], { batchSize: 1 }).catchUp();
      expect(dumpTables(fresh)).toBe(original);
    } finally {
      fresh.close();
    }
  });
});
