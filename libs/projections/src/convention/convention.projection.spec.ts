import type Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  BallotElectionFacts,
  DelegateBallotChoice,
  DelegateElectionCommand,
  ElectionContext,
  PROPOSAL_KINDS,
  conventionDecider,
  conventionStream,
  delegateBallotDecider,
  delegateBallotStream,
  delegateElectionDecider,
  delegateElectionId,
  delegateElectionStream,
} from '../../../convention/src';
import { EventMetadata, entityIdFor } from '../../../core/src';
import { CommandRunner, SqliteEventStore } from '../../../event-store/src';
import { makeTempDir } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { conventionProjection } from './convention.projection';

const at = '2026-03-01T10:00:00.000Z';
let sequence = 0;
function metadata(): EventMetadata {
  sequence += 1;
  const commandId = entityIdFor('convention-test-command', String(sequence));
  return { commandId, correlationId: commandId, causationId: commandId, actor: null, acceptedAt: at };
}

const conventionId = entityIdFor('convention', 'first');
const chapterId = entityIdFor('chapter', 'london');
const electionId = delegateElectionId(conventionId, chapterId);
const [ada, bea, cyd, dee] = ['ada', 'bea', 'cyd', 'dee'].map((name) => entityIdFor('member', name));
const clerk = entityIdFor('member', 'clerk');

/** A convention whose London election ran to a count, with one ballot racing in after the close. */
async function writeHistory(runner: CommandRunner): Promise<void> {
  const convention = (command: Parameters<typeof conventionDecider.decide>[0]) =>
    runner.run(conventionDecider, conventionStream(), { command, metadata: metadata() });
  await convention({
    type: 'CallConvention',
    data: {
      conventionId,
      title: 'Founding convention',
      calledBy: clerk,
      calledAt: at,
      rules: {
        thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '2/3' })),
        quorum: '1/2',
        amendmentDepth: 1,
        friendlyAmendments: true,
        seconders: 1,
        deadlines: [],
        totalSeats: 2,
        minimumSeatsPerChapter: 0,
        apportionmentMethod: 'DHONDT',
        electionMethod: 'STV',
        alternatesPerChapter: 1,
        lotSeed: 'seed',
      },
    },
  });
  await convention({
    type: 'AppointSecretariatMember',
    data: { conventionId, memberId: clerk, appointedBy: clerk, appointedAt: at },
  });
  await convention({
    type: 'AdvanceConventionPhase',
    data: {
      conventionId,
      to: 'DELEGATE_SELECTION',
      advancedBy: clerk,
      advancedAt: at,
      facts: { membership: { cutoffPosition: '2', chapters: [{ chapterId, members: 4 }] } },
    },
  });
  const context: ElectionContext = {
    conventionId,
    chapterId,
    phase: 'DELEGATE_SELECTION',
    seats: 2,
    method: 'STV',
    alternates: 1,
    seed: 'seed/delegate-election/london',
    secretariat: [clerk],
  };
  const election = (command: DelegateElectionCommand) =>
    runner.run(delegateElectionDecider, delegateElectionStream(electionId), { command, metadata: metadata() });
  for (const candidateId of [ada, bea, cyd]) {
    await election({
      type: 'NominateDelegate',
      data: {
        electionId,
        context,
        candidateId,
        candidateChapterId: chapterId,
        nominatedBy: candidateId,
        nominatorChapterId: chapterId,
        nominatedAt: at,
      },
    });
  }
  await election({ type: 'OpenDelegateVoting', data: { electionId, context, openedBy: clerk, openedAt: at } });
  const facts: BallotElectionFacts = {
    status: 'VOTING',
    phase: 'DELEGATE_SELECTION',
    chapterId,
    method: 'STV',
    candidates: [ada, bea, cyd],
  };
  const ballot = (voterId: string, ranking: string[]) =>
    runner.run(delegateBallotDecider, delegateBallotStream(conventionId, `key-${voterId}`), {
      command: {
        type: 'CastDelegateBallot',
        data: {
          electionId,
          voterId,
          voterKey: `key-${voterId}`,
          voterChapterId: chapterId,
          election: facts,
          choice: { method: 'STV', ranking },
          castAt: at,
        },
      },
      metadata: metadata(),
    });
  await ballot(ada, [ada]);
  await ballot(bea, [bea]);
  await ballot(bea, [bea, ada]);
  await election({ type: 'CloseDelegateVoting', data: { electionId, context, closedBy: clerk, closedAt: at } });
  // Decided while the election still looked open, appended after the close: it must not count.
  await ballot(dee, [cyd]);
  const counted: DelegateBallotChoice[] = [
    { method: 'STV', ranking: [ada] },
    { method: 'STV', ranking: [bea, ada] },
  ];
  await election({ type: 'TallyDelegateElection', data: { electionId, ballots: counted, talliedAt: at } });
  await election({
    type: 'WithdrawAsDelegate',
    data: { electionId, context, memberId: ada, withdrewAt: at },
  });
}

describe('convention projection', () => {
  let dir: { path: string; remove(): void };
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(() => {
    dir = makeTempDir();
    store = SqliteEventStore.open({ path: join(dir.path, 'events.sqlite'), pollIntervalMs: 10 });
    db = openReadModelDatabase(join(dir.path, 'read-models.sqlite'));
  });

  afterEach(async () => {
    await store.close();
    db.close();
    dir.remove();
  });

  it('keeps phases, seats, the election without ballots after its close, and the roster', async () => {
    await writeHistory(new CommandRunner(store));
    await new ProjectionRunner(store, db, [conventionProjection]).catchUp();

    expect(db.prepare('SELECT phase FROM convention_phases ORDER BY position').pluck().all()).toEqual([
      'CALLED',
      'DELEGATE_SELECTION',
    ]);
    expect(db.prepare('SELECT chapter_id, members, seats FROM convention_seats').all()).toEqual([
      { chapter_id: chapterId, members: 4, seats: 2 },
    ]);
    expect(db.prepare('SELECT voter_key FROM delegate_ballot_voters ORDER BY voter_key').pluck().all()).toEqual(
      [`key-${ada}`, `key-${bea}`].sort(),
    );
    expect(db.prepare('SELECT status, ballots FROM delegate_elections').get()).toEqual({
      status: 'TALLIED',
      ballots: 2,
    });
    expect(
      db
        .prepare('SELECT member_id, role, seated, withdrawn, replacing FROM delegate_roster ORDER BY role DESC, rank')
        .all(),
    ).toEqual([
      expect.objectContaining({ role: 'DELEGATE' }),
      expect.objectContaining({ role: 'DELEGATE' }),
      { member_id: cyd, role: 'ALTERNATE', seated: 1, withdrawn: 0, replacing: ada },
    ]);
    expect(db.prepare('SELECT seated, withdrawn FROM delegate_roster WHERE member_id = ?').get(ada)).toEqual({
      seated: 0,
      withdrawn: 1,
    });
  });

  it('rebuilds byte-identical tables from position 0, whatever the batch size', async () => {
    await writeHistory(new CommandRunner(store));
    await new ProjectionRunner(store, db, [conventionProjection], { batchSize: 3 }).catchUp();
    const original = dumpTables(db);
    expect(original).toContain('"Founding convention"');

    const fresh = openReadModelDatabase(join(dir.path, 'fresh.sqlite'));
    try {
      await new ProjectionRunner(store, fresh, [conventionProjection], { batchSize: 1 }).catchUp();
      expect(dumpTables(fresh)).toBe(original);
    } finally {
      fresh.close();
    }
  });

  it('keeps pages of an apportionment across batches and restarts until their closing event', async () => {
    // Forty chapters in pages of 300 bytes, in appends of at most 4 KiB: many pages, several appends.
    const runner = new CommandRunner(store, { maxAppendBytes: 4096 });
    const convention = (command: Parameters<typeof conventionDecider.decide>[0]) =>
      runner.run(conventionDecider, conventionStream(), { command, metadata: metadata() });
    const chapters = Array.from({ length: 40 }, (_, index) => ({
      chapterId: entityIdFor('chapter', `paged-${index}`),
      members: 5 + index,
    }));
    await convention({
      type: 'CallConvention',
      data: {
        conventionId,
        title: 'Paged convention',
        calledBy: clerk,
        calledAt: at,
        rules: {
          thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '2/3' })),
          quorum: '1/2',
          amendmentDepth: 1,
          friendlyAmendments: true,
          seconders: 1,
          deadlines: [],
          totalSeats: 60,
          minimumSeatsPerChapter: 1,
          apportionmentMethod: 'SAINTE_LAGUE',
          electionMethod: 'STV',
          alternatesPerChapter: 1,
          lotSeed: 'seed',
        },
      },
    });
    await convention({
      type: 'AppointSecretariatMember',
      data: { conventionId, memberId: clerk, appointedBy: clerk, appointedAt: at },
    });
    await convention({
      type: 'AdvanceConventionPhase',
      data: {
        conventionId,
        to: 'DELEGATE_SELECTION',
        advancedBy: clerk,
        advancedAt: at,
        facts: { membership: { cutoffPosition: '2', chapters }, pageBytes: 300 },
      },
    });
    const log = await store.readAll({ after: 0n, maxCount: 1000 });
    const pages = log.filter((event) => event.type === 'SeatsApportionmentPage');
    expect(pages.length).toBeGreaterThan(10);
    expect(new Set(log.map((event) => event.metadata.commandPart?.append)).size).toBeGreaterThan(3);

    // Stop half-way through the pages, then carry on with a new runner from the checkpoint.
    await new ProjectionRunner(store, db, [conventionProjection], { batchSize: 1 }).catchUp({
      until: pages[5].position,
    });
    expect(db.prepare('SELECT count(*) FROM convention_seats').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM convention_apportionment_pages').pluck().get()).toBe(6);
    await new ProjectionRunner(store, db, [conventionProjection], { batchSize: 1 }).catchUp();
    expect(db.prepare('SELECT count(*) FROM convention_apportionment_pages').pluck().get()).toBe(0);
    const seats = db.prepare('SELECT chapter_id, members, seats FROM convention_seats').all() as Array<{
      seats: number;
    }>;
    expect(seats).toHaveLength(40);
    expect(seats.reduce((sum, row) => sum + row.seats, 0)).toBe(60);
    const working = JSON.parse(db.prepare('SELECT working FROM convention_apportionments').pluck().get() as string);
    expect(working).toMatchObject({ method: 'sainte-lague', seats: 60, totalPopulation: String(40 * 5 + 780) });
    expect(working.allocations).toHaveLength(40);
    expect(working.awards).toHaveLength(20);

    const fresh = openReadModelDatabase(join(dir.path, 'fresh.sqlite'));
    try {
      await new ProjectionRunner(store, fresh, [conventionProjection], { batchSize: 1000 }).catchUp();
      expect(dumpTables(fresh)).toBe(dumpTables(db));
    } finally {
      fresh.close();
    }
  });
});
