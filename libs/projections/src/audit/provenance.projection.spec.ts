import { join } from 'node:path';
import { DomainEvent, eventIdFor } from '../../../core/src';
import type { Actor } from '../../../core/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { provenanceProjection } from './provenance.projection';

const member = (memberId: string): Actor => ({ kind: 'member', memberId });

async function append(
  fixture: StoreFixture,
  stream: string,
  events: DomainEvent[],
  actor: Actor | null,
  acceptedAt: string,
): Promise<void> {
  const metadata = testMetadata({ acceptedAt, actor });
  const existing = await fixture.store.readStream(stream);
  await fixture.store.appendToStream(
    stream,
    events.map((event, index) => ({ id: eventIdFor(metadata.commandId, stream, index), ...event, metadata })),
    { expectedRevision: existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1) },
  );
}

describe('provenance projection', () => {
  let fixture: StoreFixture;

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('records the event behind each fact: the last counted ballot of a seat, never a late one; rebuilds byte for byte', async () => {
    const vote = 'ConventionVote-v1';
    await append(
      fixture,
      'Proposal-p1',
      [{ type: 'ProposalSubmitted', data: { proposalId: 'p1', motion: { kind: 'resolution' } } }],
      member('m1'),
      't1',
    );
    await append(fixture, vote, [{ type: 'ConventionVoteOpened', data: { voteId: 'v1' } }], member('clerk'), 't2');
    await append(
      fixture,
      vote,
      [{ type: 'ConventionBallotCast', data: { voteId: 'v1', seatId: 's1' } }],
      member('m1'),
      't3',
    );
    await append(
      fixture,
      vote,
      [{ type: 'ConventionBallotCast', data: { voteId: 'v1', seatId: 's1' } }],
      member('m1'),
      't4',
    );
    await append(fixture, vote, [{ type: 'ConventionVotingEnded', data: { voteId: 'v1' } }], null, 't5');
    await append(
      fixture,
      vote,
      [{ type: 'ConventionBallotCast', data: { voteId: 'v1', seatId: 's1' } }],
      member('m1'),
      't6',
    );
    await append(
      fixture,
      vote,
      [{ type: 'ConventionVoteClosed', data: { voteId: 'v1' } }],
      { kind: 'operator', name: 'ops' },
      't7',
    );
    const runner = new ProjectionRunner(fixture.store, fixture.db, [provenanceProjection]);
    await runner.catchUp();

    const row = (subject: string) =>
      fixture.db.prepare('SELECT * FROM provenance_records WHERE subject = ?').get(subject) as
        Record<string, unknown> | undefined;
    expect(row('proposal:p1')).toMatchObject({
      position: 1,
      at: 't1',
      event_type: 'ProposalSubmitted',
      actor_member_id: 'm1',
    });
    expect(row('vote:v1')).toMatchObject({ position: 2, actor_member_id: 'clerk' });
    // The ballot changed before the end counts; the one cast after the end does not replace it.
    expect(row('ballot:v1:s1')).toMatchObject({ position: 4, at: 't4', event_type: 'ConventionBallotCast' });
    expect(row('vote-closed:v1')).toMatchObject({ position: 7, actor_member_id: null, actor_operator: 'ops' });

    const rebuilt = openReadModelDatabase(join(fixture.dir, 'rebuilt.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, rebuilt, [provenanceProjection]).catchUp();
      expect(dumpTables(rebuilt, provenanceProjection.tables)).toBe(
        dumpTables(fixture.db, provenanceProjection.tables),
      );
    } finally {
      rebuilt.close();
    }
  });
});
