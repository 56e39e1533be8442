import Database from 'better-sqlite3';
import { join } from 'node:path';
import { entityIdFor } from '../../core/src';
import { CommandRunner, RecordedEvent, SqliteEventStore } from '../../event-store/src';
import { chapterDecider, chapterStream, memberDecider, memberStream } from '../../membership/src';
import { StoreFixture, openStoreFixture, testMetadata } from '../../testing/src';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { membershipProjection } from './membership/membership.projection';
import { dumpTables, openReadModelDatabase } from './read-model-database';

const at = '2026-02-01T09:00:00.000Z';
const metadata = () => testMetadata({ acceptedAt: at });

/** Polls until the condition holds (a state reached in the background); fails after a few seconds. */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Writes a realistic history through the real command runner: chapters, members, joins, leaves. */
async function writeHistory(runner: CommandRunner, members: number): Promise<void> {
  const chapters: string[] = [];
  // The founder is a fact handed to the decider; it need not be enrolled for the read model's sake.
  const founderId = entityIdFor('member', 'founder');
  for (let index = 0; index < 5; index += 1) {
    const chapterId = entityIdFor('chapter', `c${index}`);
    chapters.push(chapterId);
    await runner.run(chapterDecider, chapterStream(chapterId), {
      command: {
        type: 'FoundChapter',
        data: {
          chapterId,
          name: `Chapter ${index}`,
          place: index === 0 ? { kind: 'online' } : { kind: 'local', region: `Region ${index}` },
          branchId: null,
          branchExists: false,
          founderId,
          founder: { memberId: founderId, status: 'enrolled', chapterId: null },
          foundersMinimum: 1,
          startedAt: at,
        },
      },
      metadata: metadata(),
    });
  }
  for (let index = 0; index < members; index += 1) {
    const memberId = entityIdFor('member', `m${index}`);
    const run = (command: Parameters<typeof memberDecider.decide>[0]) =>
      runner.run(memberDecider, memberStream(memberId), { command, metadata: metadata() });
    await run({
      type: 'EnrollMember',
      data: {
        memberId,
        pseudonym: `Member ${index}`,
        region: null,
        acceptedCommitmentsVersion: null,
        currentCommitmentsVersion: null,
        enrolledAt: at,
      },
    });
    const chapterId = chapters[index % chapters.length];
    await run({
      type: 'JoinChapter',
      data: { memberId, chapterId, chapter: { chapterId, name: 'x', status: 'active' }, joinedAt: at },
    });
    if (index % 3 === 0) await run({ type: 'LeaveChapter', data: { memberId, leftAt: at } });
    if (index % 4 === 0)
      await run({ type: 'ChangeMemberRegion', data: { memberId, region: `Place ${index}`, changedAt: at } });
  }
}

describe('projection runner', () => {
  let fixture: StoreFixture;
  let store: SqliteEventStore;
  let db: Database.Database;

  beforeEach(() => {
    fixture = openStoreFixture();
    ({ store, db } = fixture);
  });

  afterEach(() => fixture.close());

  it('rebuilds byte-identical tables from position 0, in place or into a fresh file, whatever the batch size', async () => {
    await writeHistory(new CommandRunner(store), 120);
    const runner = new ProjectionRunner(store, db, [membershipProjection], { batchSize: 7 });
    const head = await runner.catchUp();
    expect(head).toBe(await store.headPosition());
    const original = dumpTables(db);
    expect(original).toContain('"Member 119"');

    runner.reset();
    await new ProjectionRunner(store, db, [membershipProjection], { batchSize: 1000 }).catchUp();
    expect(dumpTables(db)).toBe(original);

    const fresh = openReadModelDatabase(join(fixture.dir, 'fresh.sqlite'));
    try {
      await new ProjectionRunner(store, fresh, [membershipProjection], { batchSize: 1 }).catchUp();
      expect(dumpTables(fresh)).toBe(original);
    } finally {
      fresh.close();
    }
  });

  it('counts members per chapter from joins and leaves', async () => {
    await writeHistory(new CommandRunner(store), 30);
    await new ProjectionRunner(store, db, [membershipProjection]).catchUp();
    const counts = db.prepare('SELECT name, member_count FROM chapters ORDER BY name').all();
    // 30 members over 5 chapters, 6 each; members 0, 3, 6, … (10 of them) left again.
    const leftPerChapter = [0, 1, 2, 3, 4].map(
      (chapter) => [...Array(30).keys()].filter((m) => m % 5 === chapter && m % 3 === 0).length,
    );
    expect(counts).toEqual(
      leftPerChapter.map((left, chapter) => ({ name: `Chapter ${chapter}`, member_count: 6 - left })),
    );
  });

  it('follows the log live and lets a reader wait for a position', async () => {
    const runner = new ProjectionRunner(store, db, [membershipProjection], { batchSize: 50 });
    runner.start();
    const commands = new CommandRunner(store);
    const memberId = entityIdFor('member', 'live');
    const outcome = await commands.run(memberDecider, memberStream(memberId), {
      command: {
        type: 'EnrollMember',
        data: {
          memberId,
          pseudonym: 'Live Wire',
          region: null,
          acceptedCommitmentsVersion: null,
          currentCommitmentsVersion: null,
          enrolledAt: at,
        },
      },
      metadata: metadata(),
    });
    await expect(runner.waitFor(outcome.position, 5000)).resolves.toBe(true);
    expect(db.prepare('SELECT pseudonym FROM members WHERE member_id = ?').get(memberId)).toEqual({
      pseudonym: 'Live Wire',
    });
    await expect(runner.waitFor(outcome.position + 100n, 50)).resolves.toBe(false);
    await runner.stop();
  });

  it('tells applied-listeners each live batch after it committed, with its last position, and survives a listener that throws', async () => {
    const runner = new ProjectionRunner(store, db, [membershipProjection], { batchSize: 50 });
    const heard: Array<{ types: string[]; position: bigint; pseudonym: unknown }> = [];
    const memberId = entityIdFor('member', 'heard');
    const stopThrowing = runner.onApplied(() => {
      throw new Error('a broken listener');
    });
    const stopListening = runner.onApplied((events, position) => {
      heard.push({
        types: events.map((event) => event.type),
        position,
        // Read inside the listener: the batch is already visible in the read models.
        pseudonym: db.prepare('SELECT pseudonym FROM members WHERE member_id = ?').get(memberId),
      });
    });
    runner.start();
    const commands = new CommandRunner(store);
    const enroll = (id: string, pseudonym: string) =>
      commands.run(memberDecider, memberStream(id as never), {
        command: {
          type: 'EnrollMember',
          data: {
            memberId: id as never,
            pseudonym,
            region: null,
            acceptedCommitmentsVersion: null,
            currentCommitmentsVersion: null,
            enrolledAt: at,
          },
        },
        metadata: metadata(),
      });
    const outcome = await enroll(memberId, 'Heard Live');
    await expect(runner.waitFor(outcome.position, 5000)).resolves.toBe(true);
    expect(heard).toEqual([
      { types: ['MemberEnrolled'], position: outcome.position, pseudonym: { pseudonym: 'Heard Live' } },
    ]);
    stopThrowing();
    stopListening();
    const later = await enroll(entityIdFor('member', 'unheard'), 'Not Heard');
    await expect(runner.waitFor(later.position, 5000)).resolves.toBe(true);
    expect(heard).toHaveLength(1);
    await runner.stop();
  });

  it('commits nothing of a failing batch, keeps its checkpoint, and retries it with backoff instead of stopping', async () => {
    await writeHistory(new CommandRunner(store), 10);
    const poison: RecordedEvent['id'] = (await store.readAll({ after: 0n, maxCount: 100 }))[12].id;
    let poisoned = true;
    const failing: Projection = {
      ...membershipProjection,
      bind(database) {
        const apply = membershipProjection.bind(database);
        return (event) => {
          if (poisoned && event.id === poison) throw new Error('cannot apply this event');
          apply(event);
        };
      },
    };
    const errors: Array<{ attempt: number; delayMs: number }> = [];
    const runner = new ProjectionRunner(store, db, [failing], {
      batchSize: 10,
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      onError: (_error, attempt, delayMs) => errors.push({ attempt, delayMs }),
    });
    runner.start();
    await eventually(() => errors.length >= 4);
    expect(runner.state.state).toBe('retrying');
    expect(errors.slice(0, 4)).toEqual([
      { attempt: 1, delayMs: 5 },
      { attempt: 2, delayMs: 10 },
      { attempt: 3, delayMs: 20 },
      { attempt: 4, delayMs: 20 },
    ]);
    // The first batch (positions 1–10) committed; the second, holding the poison event, did not.
    expect(db.prepare('SELECT position FROM projection_checkpoints').get()).toEqual({ position: 10 });
    expect(runner.position).toBe(10n);
    await expect(runner.waitFor(11n, 20)).resolves.toBe(false);

    poisoned = false;
    const head = await store.headPosition();
    await expect(runner.waitFor(head, 5000)).resolves.toBe(true);
    expect(runner.state.state).toBe('running');
    await runner.stop();
  });

  it('rides out a read-model file locked by another connection and catches up once it is free', async () => {
    await writeHistory(new CommandRunner(store), 10);
    db.pragma('busy_timeout = 0');
    const errors: unknown[] = [];
    const runner = new ProjectionRunner(store, db, [membershipProjection], {
      retry: { initialDelayMs: 5, maxDelayMs: 20 },
      onError: (error) => errors.push(error),
    });
    runner.initialize();
    const locker = new Database(join(fixture.dir, 'read-models.sqlite'));
    locker.exec('BEGIN IMMEDIATE');
    try {
      runner.start();
      await eventually(() => errors.length >= 2);
      expect(String(errors[0])).toMatch(/database is locked/);
      expect(runner.state).toMatchObject({ state: 'retrying' });
      expect(runner.position).toBe(0n);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const head = await store.headPosition();
    await expect(runner.waitFor(head, 5000)).resolves.toBe(true);
    expect(runner.state.state).toBe('running');
    expect(runner.checkpoints()).toEqual([{ name: membershipProjection.name, position: head }]);
    await runner.stop();
  });

  it('shares one read-model file with another process: each event is applied once, whichever runner gets to it', async () => {
    // Two API processes on one data directory open the same read-model file, each with a runner
    // of its own. A runner that trusted its own memory of the checkpoints would apply again what
    // the other had applied (a unique key violated, a count doubled).
    await writeHistory(new CommandRunner(store), 30);
    const path = join(fixture.dir, 'read-models.sqlite');
    const other = openReadModelDatabase(path);
    try {
      const first = new ProjectionRunner(store, db, [membershipProjection], { batchSize: 10 });
      const second = new ProjectionRunner(store, other, [membershipProjection], { batchSize: 10 });
      first.initialize();
      second.initialize();
      await first.catchUp();
      await second.catchUp();
      const memberId = entityIdFor('member', 'shared');
      await new CommandRunner(store).run(memberDecider, memberStream(memberId), {
        command: {
          type: 'EnrollMember',
          data: {
            memberId,
            pseudonym: 'Shared File',
            region: null,
            acceptedCommitmentsVersion: null,
            currentCommitmentsVersion: null,
            enrolledAt: at,
          },
        },
        metadata: metadata(),
      });
      await second.catchUp();
      await first.catchUp();

      const alone = openReadModelDatabase(join(fixture.dir, 'alone.sqlite'));
      try {
        await new ProjectionRunner(store, alone, [membershipProjection]).catchUp();
        expect(dumpTables(db, membershipProjection.tables)).toEqual(dumpTables(alone, membershipProjection.tables));
      } finally {
        alone.close();
      }
      expect(first.position).toBe(second.position);
    } finally {
      other.close();
    }
  });

  it('rebuilds a projection whose version changed', async () => {
    await writeHistory(new CommandRunner(store), 5);
    await new ProjectionRunner(store, db, [membershipProjection]).catchUp();
    db.prepare("UPDATE members SET pseudonym = 'tampered'").run();
    const upgraded: Projection = { ...membershipProjection, version: membershipProjection.version + 1 };
    await new ProjectionRunner(store, db, [upgraded]).catchUp();
    expect(db.prepare("SELECT count(*) AS n FROM members WHERE pseudonym = 'tampered'").get()).toEqual({ n: 0 });
  });

  it('catches up only to a given position, giving the read models exactly as they stood then', async () => {
    const commands = new CommandRunner(store);
    await writeHistory(commands, 12);
    const then = await store.headPosition();
    const past = new ProjectionRunner(store, db, [membershipProjection]);
    await past.catchUp();
    const asItStood = dumpTables(db);

    for (let index = 0; index < 3; index += 1) {
      const memberId = entityIdFor('member', `late${index}`);
      await commands.run(memberDecider, memberStream(memberId), {
        command: {
          type: 'EnrollMember',
          data: {
            memberId,
            pseudonym: `Late ${index}`,
            region: null,
            acceptedCommitmentsVersion: null,
            currentCommitmentsVersion: null,
            enrolledAt: at,
          },
        },
        metadata: metadata(),
      });
    }
    expect(await store.headPosition()).toBeGreaterThan(then);

    for (const batchSize of [1, 5, 1000]) {
      const fresh = openReadModelDatabase(join(fixture.dir, `as-of-${batchSize}.sqlite`));
      try {
        const runner = new ProjectionRunner(store, fresh, [membershipProjection], { batchSize });
        expect(await runner.catchUp({ until: then })).toBe(then);
        expect(runner.position).toBe(then);
        expect(dumpTables(fresh)).toBe(asItStood);
      } finally {
        fresh.close();
      }
    }
  });
});
