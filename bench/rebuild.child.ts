import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '../libs/event-store/src';
import type { ChapterEvent, MemberEvent } from '../libs/membership/src';
import { ProjectionRunner, dumpTables, membershipProjection, openReadModelDatabase } from '../libs/projections/src';
import { reportToParent, seconds, withTempDir } from './bench-support';

/**
 * One rebuild of the membership read model in a process of its own, so that its peak RSS is
 * its own. Arguments: `projection` or `raw`, the event store file, the batch size.
 */

export interface RebuildReport {
  /** Log position the read model reached. */
  readonly position: number;
  readonly seconds: number;
  /** Peak resident set of this process, in kilobytes, taken before the digest below. */
  readonly maxRssKb: number;
  /** Resident set once the modules were loaded, before the rebuild, in kilobytes. */
  readonly startRssKb: number;
  /** sha256 of the members and chapters tables: both ways must build the same read model. */
  readonly digest: string;
}

/** What the CLI's `rebuild` does, restricted to the membership projection. */
async function throughProjectionRunner(eventsPath: string, db: Database.Database, batchSize: number): Promise<number> {
  const store = SqliteEventStore.open({ path: eventsPath });
  try {
    const runner = new ProjectionRunner(store, db, [membershipProjection], { batchSize });
    runner.reset();
    return Number(await runner.catchUp());
  } finally {
    await store.close();
  }
}

/**
 * The floor: one forward scan of the events table, each row parsed and upserted into the same
 * tables with the same statements' effects, committed with a checkpoint every batchSize events.
 */
function rawLoop(eventsPath: string, db: Database.Database, batchSize: number): number {
  const source = new Database(eventsPath, { readonly: true });
  try {
    db.exec(membershipProjection.schema);
    db.exec('CREATE TABLE raw_checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL)');
    const upsertMember = db.prepare(
      `INSERT INTO members (member_id, pseudonym, region, chapter_id, enrolled_at, position) VALUES (?, ?, ?, NULL, ?, ?)
       ON CONFLICT (member_id) DO UPDATE SET pseudonym = excluded.pseudonym, region = excluded.region,
         enrolled_at = excluded.enrolled_at, position = excluded.position`,
    );
    const setChapter = db.prepare('UPDATE members SET chapter_id = ?, position = ? WHERE member_id = ?');
    const setRegion = db.prepare('UPDATE members SET region = ?, position = ? WHERE member_id = ?');
    const upsertChapter = db.prepare(
      `INSERT INTO chapters (chapter_id, name, kind, region, status, started_at, member_count, position)
       VALUES (?, ?, ?, ?, 'forming', ?, 0, ?)
       ON CONFLICT (chapter_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, region = excluded.region,
         started_at = excluded.started_at, position = excluded.position`,
    );
    const activateChapter = db.prepare(
      `UPDATE chapters SET status = 'active', founded_at = ?, position = ? WHERE chapter_id = ?`,
    );
    const count = db.prepare('UPDATE chapters SET member_count = member_count + ?, position = ? WHERE chapter_id = ?');
    const checkpoint = db.prepare('INSERT OR REPLACE INTO raw_checkpoint (id, position) VALUES (1, ?)');
    const begin = db.prepare('BEGIN');
    const commit = db.prepare('COMMIT');
    const rows = source
      .prepare('SELECT position, type, data FROM events ORDER BY position')
      .raw(true)
      .iterate() as IterableIterator<[number, string, string]>;

    let last = 0;
    let inBatch = 0;
    begin.run();
    for (const [position, type, data] of rows) {
      const event = { type, data: JSON.parse(data) } as MemberEvent | ChapterEvent;
      switch (event.type) {
        case 'MemberEnrolled':
          upsertMember.run(
            event.data.memberId,
            event.data.pseudonym,
            event.data.region,
            event.data.enrolledAt,
            position,
          );
          break;
        case 'MemberJoinedChapter':
          setChapter.run(event.data.chapterId, position, event.data.memberId);
          count.run(1, position, event.data.chapterId);
          break;
        case 'MemberLeftChapter':
          setChapter.run(null, position, event.data.memberId);
          count.run(-1, position, event.data.chapterId);
          break;
        case 'MemberRegionChanged':
          setRegion.run(event.data.region, position, event.data.memberId);
          break;
        case 'ChapterFoundingStarted': {
          const place = event.data.place;
          const region = place.kind === 'local' ? place.region : null;
          upsertChapter.run(event.data.chapterId, event.data.name, place.kind, region, event.data.startedAt, position);
          break;
        }
        case 'ChapterFounded':
          activateChapter.run(event.data.foundedAt, position, event.data.chapterId);
          break;
      }
      last = position;
      inBatch += 1;
      if (inBatch === batchSize) {
        checkpoint.run(last);
        commit.run();
        begin.run();
        inBatch = 0;
      }
    }
    checkpoint.run(last);
    commit.run();
    return last;
  } finally {
    source.close();
  }
}

async function main(): Promise<RebuildReport> {
  const [mode, eventsPath, batchSizeArgument] = process.argv.slice(2);
  const batchSize = Number(batchSizeArgument);
  if ((mode !== 'projection' && mode !== 'raw') || eventsPath === undefined || !Number.isInteger(batchSize)) {
    throw new Error('usage: rebuild.child.ts projection|raw <events.sqlite> <batch size>');
  }
  const startRssKb = Math.round(process.memoryUsage.rss() / 1024);
  return withTempDir('plenary-bench-read-model-', async (dir) => {
    const db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    try {
      const started = process.hrtime.bigint();
      const position =
        mode === 'projection'
          ? await throughProjectionRunner(eventsPath, db, batchSize)
          : rawLoop(eventsPath, db, batchSize);
      const elapsed = seconds(started);
      const maxRssKb = process.resourceUsage().maxRSS;
      const digest = createHash('sha256')
        .update(dumpTables(db, ['members', 'chapters']))
        .digest('hex');
      return { position, seconds: elapsed, maxRssKb, startRssKb, digest };
    } finally {
      db.close();
    }
  });
}

reportToParent(main);
