import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { RecordedEvent } from '../../../event-store/src';
import { testMetadata } from '../../../testing/src';
import { dumpTables } from '../read-model-database';
import { membershipProjection } from './membership.projection';
import { membershipStatisticsProjection } from './membership-statistics.projection';

const CHAPTERS = ['c0', 'c1', 'c2'];
const REGIONS = [null, 'North', 'South'];
const minute = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();

/** Where each event type keeps its time, as the membership read model reads it. */
const TIME_FIELDS: Record<string, string> = {
  ChapterFoundingStarted: 'startedAt',
  MemberEnrolled: 'enrolledAt',
  MemberJoinedChapter: 'joinedAt',
  MemberLeftChapter: 'leftAt',
  MemberReleasedByDissolution: 'releasedAt',
  MemberTransferredChapter: 'transferredAt',
  MemberMovedByMerger: 'movedAt',
  MemberMovedToSuccessorChapter: 'movedAt',
  MemberRegionChanged: 'changedAt',
  MemberResigned: 'resignedAt',
};

/** What one member does next, drawn at random; turned into an event only when it is allowed. */
type Step = { member: number; action: 'enrol' | 'join' | 'leave' | 'transfer' | 'region' | 'resign'; pick: number };
const step = fc.record({
  member: fc.nat({ max: 7 }),
  action: fc.constantFrom('enrol', 'join', 'leave', 'transfer', 'region', 'resign'),
  pick: fc.nat({ max: 2 }),
}) as fc.Arbitrary<Step>;
/** Acceptance minutes: mostly later than the one before, sometimes earlier (another process). */
const drift = fc.integer({ min: -2, max: 3 });

interface Standing {
  chapter: string | null;
  region: string | null;
}

/**
 * A log of membership events that the deciders would allow, with the member states after each
 * event (members in good standing only), written from a model that shares nothing with the
 * projection.
 */
function writeLog(steps: readonly Step[], drifts: readonly number[]) {
  const events: RecordedEvent[] = [];
  const states: Map<number, Standing>[] = [];
  const members = new Map<number, Standing>();
  const resigned = new Set<number>();
  let time = 10;
  const emit = (type: string, data: Record<string, unknown>) => {
    time += drifts[events.length % drifts.length];
    const when = minute(time);
    events.push({
      id: `e${events.length}`,
      streamName: 'test',
      revision: 0n,
      position: BigInt(events.length + 1),
      type,
      data: { ...data, [TIME_FIELDS[type]]: when },
      metadata: testMetadata({ acceptedAt: when }),
    });
    states.push(new Map([...members].map(([id, standing]) => [id, { ...standing }])));
  };
  const id = (member: number) => `00000000-0000-4000-8000-00000000000${member}`;
  for (const [index, chapterId] of CHAPTERS.entries())
    emit('ChapterFoundingStarted', { chapterId, name: `Chapter ${index}`, place: { kind: 'online' }, branchId: null });
  for (const { member, action, pick } of steps) {
    const current = members.get(member);
    if (action === 'enrol') {
      if (current !== undefined || resigned.has(member)) continue;
      members.set(member, { chapter: null, region: REGIONS[pick] });
      emit('MemberEnrolled', {
        memberId: id(member),
        pseudonym: `M${member}`,
        region: REGIONS[pick],
        acceptedCommitmentsVersion: null,
      });
      continue;
    }
    if (current === undefined) continue;
    const memberId = id(member);
    const target = CHAPTERS[pick];
    if (action === 'join' && current.chapter === null) {
      current.chapter = target;
      emit('MemberJoinedChapter', { memberId, chapterId: target });
    } else if (action === 'leave' && current.chapter !== null) {
      const chapterId = current.chapter;
      current.chapter = null;
      emit(pick === 0 ? 'MemberReleasedByDissolution' : 'MemberLeftChapter', { memberId, chapterId });
    } else if (action === 'transfer' && current.chapter !== null && current.chapter !== target) {
      const fromChapterId = current.chapter;
      current.chapter = target;
      const type = ['MemberTransferredChapter', 'MemberMovedByMerger', 'MemberMovedToSuccessorChapter'][pick];
      emit(type, { memberId, fromChapterId, toChapterId: target });
    } else if (action === 'region') {
      current.region = REGIONS[pick];
      emit('MemberRegionChanged', { memberId, region: REGIONS[pick] });
    } else if (action === 'resign') {
      const chapterId = current.chapter;
      members.delete(member);
      resigned.add(member);
      emit('MemberResigned', { memberId, chapterId });
    }
  }
  return { events, states };
}

function project(events: readonly RecordedEvent[]): Database.Database {
  const db = new Database(':memory:');
  db.exec(membershipProjection.schema);
  db.exec(membershipStatisticsProjection.schema);
  const apply = [membershipProjection.bind(db), membershipStatisticsProjection.bind(db)];
  for (const event of events) for (const each of apply) each(event);
  return db;
}

/** Members per (chapter, region) as the spells count them at an instant. */
function spellCounts(db: Database.Database, instant: string): Record<string, number> {
  const rows = db
    .prepare<[string, string], { chapter_id: string | null; region: string | null; members: number }>(
      `SELECT chapter_id, region, count(*) AS members FROM stats_spells
        WHERE started_at <= ? AND (ended_at IS NULL OR ended_at > ?) GROUP BY chapter_id, region`,
    )
    .all(instant, instant);
  return Object.fromEntries(rows.map((row) => [`${row.chapter_id}|${row.region}`, row.members]));
}

function modelCounts(state: ReadonlyMap<number, Standing>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { chapter, region } of state.values())
    counts[`${chapter}|${region}`] = (counts[`${chapter}|${region}`] ?? 0) + 1;
  return counts;
}

describe('membership statistics projection', () => {
  it('property: the counts as of any instant are those of the log up to the last event accepted by then', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 60 }),
        fc.array(drift, { minLength: 1, maxLength: 5 }),
        fc.nat({ max: 200 }),
        (steps, drifts, probe) => {
          const { events, states } = writeLog(steps, drifts);
          const db = project(events);
          // An event counts from the latest acceptance time so far among the events that change
          // someone's standing (the chapters' own events carry no time into these tables).
          let latest = '';
          const effective = events.map((event) =>
            event.type === 'ChapterFoundingStarted'
              ? null
              : (latest = event.metadata.acceptedAt > latest ? event.metadata.acceptedAt : latest),
          );
          const instants = effective.filter((at): at is string => at !== null);
          if (instants.length > 0) {
            const instant = instants[probe % instants.length];
            const last = effective.lastIndexOf(instant);
            expect(spellCounts(db, instant)).toEqual(modelCounts(states[last]));
            // A moment earlier, the state before the first event of that instant.
            const before = new Date(Date.parse(instant) - 1).toISOString();
            const first = effective.indexOf(instant);
            expect(spellCounts(db, before)).toEqual(modelCounts(first === 0 ? new Map() : states[first - 1]));
          }
          // Now: the same as the membership read model's chapter counts.
          const now = spellCounts(db, '9999-12-31T00:00:00.000Z');
          const chapterCounts = db
            .prepare<[], { chapter_id: string; member_count: number }>('SELECT chapter_id, member_count FROM chapters')
            .all();
          for (const { chapter_id, member_count } of chapterCounts) {
            const fromSpells = Object.entries(now)
              .filter(([key]) => key.startsWith(`${chapter_id}|`))
              .reduce((sum, [, members]) => sum + members, 0);
            expect(fromSpells).toBe(member_count);
          }
          // Rebuilt from the same log: the same tables, byte for byte.
          expect(dumpTables(project(events), membershipStatisticsProjection.tables)).toBe(
            dumpTables(db, membershipStatisticsProjection.tables),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
