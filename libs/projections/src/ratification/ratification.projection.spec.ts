import { join } from 'node:path';
import { DomainEvent, eventIdFor, foldEvents, paginate, summarizePages } from '../../../core/src';
import {
  ReferendumEvent,
  charterStream,
  referendumCountStream,
  referendumDecider,
  referendumStream,
} from '../../../proposals/src';
import type { VoteRules } from '../../../proposals/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../../testing/src';
import { ProjectionRunner } from '../projection-runner';
import { dumpTables, openReadModelDatabase } from '../read-model-database';
import { ratificationProjection } from './ratification.projection';

const at = '2026-07-01T10:00:00.000Z';
const referendumId = 'r-1';
const rules: VoteRules = {
  threshold: { kind: 'fraction', fraction: '2/3', of: 'cast', comparison: 'at-least' },
  quorum: null,
};
const origin = { proposalId: 'P1', proposalVersion: 1, voteId: 'V1', amendmentIds: [] };

async function append(fixture: StoreFixture, stream: string, events: DomainEvent[]): Promise<void> {
  const metadata = testMetadata({ acceptedAt: at });
  const existing = await fixture.store.readStream(stream);
  await fixture.store.appendToStream(
    stream,
    events.map((event, index) => ({ id: eventIdFor(metadata.commandId, stream, index), ...event, metadata })),
    { expectedRevision: existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1) },
  );
}

const ballot = (voterKey: string, tracker: string, choice: 'yes' | 'no' | 'abstain'): ReferendumEvent => ({
  type: 'ReferendumBallotCast',
  data: { referendumId, voterKey, tracker, choice, castAt: at },
});

describe('ratification projection', () => {
  let fixture: StoreFixture;

  beforeEach(() => {
    fixture = openStoreFixture();
  });

  afterEach(async () => {
    await fixture.close();
  });

  it('counts turnout by voter, keeps ballots after the close as late, reads the count from its pages, forgets the voter keys, and rebuilds byte for byte', async () => {
    const opened: ReferendumEvent = {
      type: 'ReferendumOpened',
      data: {
        referendumId,
        conventionId: 'c-1',
        question: 'Ratify?',
        electorateSize: 5,
        rules,
        openedBy: 's',
        openedAt: at,
      },
    };
    await append(fixture, referendumStream(referendumId), [opened]);
    await append(fixture, `ReferendumBallot-${referendumId}-k1`, [ballot('k1', 't-b', 'yes')]);
    await append(fixture, `ReferendumBallot-${referendumId}-k2`, [ballot('k2', 't-a', 'no')]);
    await append(fixture, `ReferendumBallot-${referendumId}-k2`, [ballot('k2', 't-a', 'yes')]);
    await append(fixture, `ReferendumBallot-${referendumId}-k3`, [ballot('k3', 't-c', 'abstain')]);
    await append(fixture, charterStream(), [
      {
        type: 'BodyCreated',
        data: { bodyId: 'B1', name: 'Council', composition: [], mandate: ['It meets.'], origin, createdAt: at },
      },
    ]);

    const runner = new ProjectionRunner(fixture.store, fixture.db, [ratificationProjection]);
    await runner.catchUp();
    const row = () =>
      fixture.db.prepare('SELECT status, turnout FROM referendums WHERE referendum_id = ?').get(referendumId);
    expect(row()).toEqual({ status: 'open', turnout: 3 });
    expect(fixture.db.prepare('SELECT count(*) AS n FROM referendum_ballots').get()).toEqual({ n: 3 });

    const state = foldEvents(
      referendumDecider,
      (await fixture.store.readAll({ after: 0n, maxCount: 100 }))
        .filter((event) => event.type.startsWith('Referendum'))
        .map(({ type, data }) => ({ type, data }) as ReferendumEvent),
    );
    const line = referendumDecider.decide(
      {
        type: 'CloseReferendum',
        data: { referendumId, closedBy: { memberId: 's', isSecretariat: true }, closedAt: at },
      },
      state,
    );
    await append(fixture, referendumStream(referendumId), [...line]);
    // Landed after the line (its cast read the referendum as open): late, never counted, and
    // it does not replace k1's counted ballot.
    await append(fixture, `ReferendumBallot-${referendumId}-k1`, [ballot('k1', 't-b', 'no')]);
    await append(fixture, `ReferendumBallot-${referendumId}-k4`, [ballot('k4', 't-d', 'no')]);
    await runner.catchUp();
    expect(row()).toEqual({ status: 'closing', turnout: 3 });
    expect(fixture.db.prepare('SELECT tracker, choice FROM referendum_ballots ORDER BY tracker').all()).toEqual([
      { tracker: 't-a', choice: 'yes' },
      { tracker: 't-b', choice: 'yes' },
      { tracker: 't-c', choice: 'abstain' },
    ]);

    const count = [
      { tracker: 't-a', choice: 'yes' as const },
      { tracker: 't-b', choice: 'yes' as const },
      { tracker: 't-c', choice: 'abstain' as const },
    ];
    // Pages of two lines, so the count spans pages.
    const pages = paginate(count, 80);
    expect(pages.length).toBe(2);
    for (const page of pages) {
      await append(fixture, referendumCountStream(referendumId), [
        { type: 'ReferendumCountPagePublished', data: { referendumId, index: page.index, items: [...page.items] } },
      ]);
    }
    const counted = referendumDecider.decide(
      { type: 'CountReferendum', data: { referendumId, count, pages: summarizePages(pages), countedAt: at } },
      line.reduce(referendumDecider.evolve, state),
    );
    await append(fixture, referendumStream(referendumId), [...counted]);
    await append(fixture, charterStream(), [
      {
        type: 'CharterRatified',
        data: {
          referendumId,
          tally: (counted[0] as Extract<ReferendumEvent, { type: 'ReferendumCounted' }>).data.tally,
          phase: 'FINAL',
          ratifiedAt: at,
        },
      },
    ]);
    await runner.catchUp();
    expect(row()).toEqual({ status: 'closed', turnout: 3 });
    expect(fixture.db.prepare('SELECT count(*) AS n FROM referendum_ballots').get()).toEqual({ n: 0 });
    expect(
      fixture.db
        .prepare(
          'SELECT page_index, first_tracker, last_tracker, items FROM referendum_count_pages ORDER BY page_index',
        )
        .all(),
    ).toEqual(
      pages.map((page) => ({
        page_index: page.index,
        first_tracker: page.items[0].tracker,
        last_tracker: page.items[page.items.length - 1].tracker,
        items: JSON.stringify(page.items),
      })),
    );
    expect(fixture.db.prepare('SELECT tracker, choice FROM referendum_late_ballots ORDER BY position').all()).toEqual([
      { tracker: 't-b', choice: 'no' },
      { tracker: 't-d', choice: 'no' },
    ]);
    expect(fixture.db.prepare('SELECT phase, outcome FROM organization_phase').get()).toEqual({
      phase: 'FINAL',
      outcome: 'ratified',
    });

    const rebuilt = openReadModelDatabase(join(fixture.dir, 'rebuilt.sqlite'));
    try {
      await new ProjectionRunner(fixture.store, rebuilt, [ratificationProjection]).catchUp();
      const tables = ratificationProjection.tables;
      expect(dumpTables(rebuilt, tables)).toBe(dumpTables(fixture.db, tables));
    } finally {
      rebuilt.close();
    }
  });
});
