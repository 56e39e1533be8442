import type { Actor, EventMetadata } from '../libs/core/src';
import { eventIdFor } from '../libs/core/src';
import type { EventToAppend, ExpectedRevision } from '../libs/event-store/src';
import type { ChapterEvent, ChapterPlace, MemberEvent } from '../libs/membership/src';
import { chapterStream, memberStream } from '../libs/membership/src';

/**
 * Synthetic but realistic membership history for the benchmarks: the event shapes of
 * libs/membership, metadata as the API records it, and a log in which a member's later changes
 * are interleaved with other members' enrolments (so the projector updates rows written long
 * before, as it would in production). Seeded, so every run writes the same log.
 */

export interface PlannedAppend {
  readonly stream: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: EventToAppend[];
}

const REGIONS = [
  'Andalusia',
  'Attica',
  'Bavaria',
  'Brittany',
  'Catalonia',
  'Flanders',
  'Galicia',
  'Hesse',
  'Île-de-France',
  'Lapland',
  'Lombardy',
  'Masovia',
  'Moravia',
  'Munster',
  'Occitanie',
  'Piedmont',
  'Saxony',
  'Scania',
  'Silesia',
  'Tuscany',
  'Transylvania',
  'Wallonia',
  'Wales',
  'Zealand',
  'Kraków',
  'Porto',
  'Lisbon',
  'Ontario',
  'Québec',
  'São Paulo',
  'Gauteng',
  'Kerala',
  'Hokkaidō',
  'Victoria',
  'Canterbury',
  'Yucatán',
  'Antioquia',
  'Patagonia',
];
/**
 * Members whose later changes are still to come; one of them, picked at random, gets its turn
 * whenever the pool is full, so changes land on average some thousands of enrolments later.
 */
const PENDING_POOL = 5000;
const WORDS = [
  'amber',
  'birch',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'grove',
  'harbor',
  'iris',
  'juniper',
  'kestrel',
  'lumen',
];

/** Small, fast, seedable PRNG (mulberry32): the log must not depend on Math.random. */
export class Random {
  constructor(private state: number) {}

  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  below(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.below(values.length)];
  }

  /** A version 4 UUID from this generator (commands and entities get random ids in the API too). */
  uuid(): string {
    let hex = '';
    for (let index = 0; index < 4; index += 1) hex += ((this.next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
    const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

interface Member {
  readonly id: string;
  readonly stream: string;
  /** Revision of the last event in the member's stream. */
  revision: bigint;
  chapterId: string | null;
}

type DomainEventOf = MemberEvent | ChapterEvent;

/** The first index whose value is above `value` in an ascending array (the last index at most). */
function lowerBound(ascending: readonly number[], value: number): number {
  let low = 0;
  let high = ascending.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (ascending[middle] > value) high = middle;
    else low = middle + 1;
  }
  return low;
}

export class MembershipLog {
  private readonly random: Random;
  private clock = Date.parse('2025-01-01T00:00:00Z');
  private membersCreated = 0;
  private readonly chapters: string[] = [];
  private readonly members: Member[] = [];

  constructor(seed = 20250101) {
    this.random = new Random(seed);
  }

  /**
   * The whole log, exactly `totalEvents` long. The API commits one event per command; here a
   * member's first chapter join travels with the enrolment and the later changes (region,
   * leaving, switching chapters) arrive together in one append, some thousands of enrolments
   * later: about half as many commits to generate, and a rebuild reads events, not commits.
   */
  *history(totalEvents: number): Generator<PlannedAppend> {
    let remaining = totalEvents;
    const pending: Member[] = [];
    while (remaining > 0) {
      let append: PlannedAppend;
      if (this.chapters.length === 0 || this.membersCreated > this.chapters.length * 100) {
        append = this.foundChapter();
      } else if (pending.length >= PENDING_POOL) {
        const index = this.random.below(pending.length);
        const member = pending[index];
        pending[index] = pending[pending.length - 1];
        pending.pop();
        append = this.laterChanges(member);
      } else {
        const member = this.newMember();
        append = this.enrolment(member, this.random.chance(0.85));
        if (this.random.chance(0.6)) pending.push(member);
      }
      if (append.events.length > remaining) append.events.length = remaining;
      remaining -= append.events.length;
      yield append;
    }
  }

  /**
   * `chapters` chapters founded first, then `members` members each enrolled and joined to one of
   * them in one append. Chapter sizes are skewed (log-normal weights, σ = 1, so the largest are
   * some tens of times the smallest) as real chapters are, which makes the apportionment's
   * quotients differ and its ties rare. Each member and the chapter it joined are passed to
   * `onJoin`, so a benchmark can act as those members afterwards.
   */
  *chapteredMembership(
    chapters: number,
    members: number,
    onJoin?: (memberId: string, chapterId: string) => void,
  ): Generator<PlannedAppend> {
    const first = this.chapters.length;
    for (let index = 0; index < chapters; index += 1) yield this.foundChapter();
    const founded = this.chapters.slice(first);
    const cumulative: number[] = [];
    let total = 0;
    for (let index = 0; index < founded.length; index += 1) {
      total += Math.exp(this.gaussian());
      cumulative.push(total);
    }
    for (let index = 0; index < members; index += 1) {
      const member = this.newMember();
      // The members array is only needed to pick chapter founders; a million entries would be dead weight.
      this.members.pop();
      const chapterId = founded[lowerBound(cumulative, this.random.next() * total)];
      const metadata = this.metadata(null);
      const events: DomainEventOf[] = [this.enrolled(member), this.join(member, chapterId)];
      onJoin?.(member.id, chapterId);
      yield this.plan(member.stream, 'no_stream', events, metadata, member);
    }
  }

  /** A standard normal deviate (Box–Muller). */
  private gaussian(): number {
    const u = 1 - this.random.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.random.next());
  }

  /** One MemberEnrolled per append: the enrolment mutation's write to the member stream. */
  enrolments(count: number): PlannedAppend[] {
    return Array.from({ length: count }, () => this.enrolment(this.newMember(), false));
  }

  /** Appends of `length` events each to a new member stream: an enrolment, then chapter and region changes. */
  memberHistories(count: number, length: number): PlannedAppend[] {
    if (this.chapters.length === 0) for (let index = 0; index < 20; index += 1) this.foundChapter();
    return Array.from({ length: count }, () => {
      const member = this.newMember();
      const metadata = this.metadata(null);
      const events = [this.enrolled(member)];
      while (events.length < length) events.push(this.change(member));
      return this.plan(member.stream, 'no_stream', events, metadata);
    });
  }

  private newMember(): Member {
    const id = this.random.uuid();
    const member: Member = { id, stream: memberStream(id), revision: -1n, chapterId: null };
    this.members.push(member);
    this.membersCreated += 1;
    return member;
  }

  private enrolment(member: Member, joinsAChapter: boolean): PlannedAppend {
    const metadata = this.metadata(null);
    const events: DomainEventOf[] = [this.enrolled(member)];
    if (joinsAChapter) events.push(this.join(member));
    return this.plan(member.stream, 'no_stream', events, metadata, member);
  }

  private laterChanges(member: Member): PlannedAppend {
    const metadata = this.metadata({ kind: 'member', memberId: member.id });
    const events: DomainEventOf[] = [];
    const changes = 1 + this.random.below(3);
    for (let index = 0; index < changes; index += 1) events.push(this.change(member));
    return this.plan(member.stream, member.revision, events, metadata, member);
  }

  private foundChapter(): PlannedAppend {
    const chapterId = this.random.uuid();
    const founder = this.members.length === 0 ? null : this.random.pick(this.members);
    const metadata = this.metadata(
      founder === null ? { kind: 'operator', name: 'bench' } : { kind: 'member', memberId: founder.id },
    );
    const place: ChapterPlace = this.random.chance(0.8)
      ? { kind: 'local', region: this.random.pick(REGIONS) }
      : { kind: 'online' };
    const name = `${this.random.pick(WORDS)} ${place.kind === 'local' ? place.region : 'online'} ${this.chapters.length + 1}`;
    this.chapters.push(chapterId);
    // A chapter founded by one signature (founders minimum 1): started, signed and founded in one append.
    const founderId = founder?.id ?? this.random.uuid();
    const at = metadata.acceptedAt;
    const events: ChapterEvent[] = [
      {
        type: 'ChapterFoundingStarted',
        data: { chapterId, name, place, branchId: null, startedBy: founderId, startedAt: at },
      },
      { type: 'ChapterFoundingSigned', data: { chapterId, memberId: founderId, signedAt: at } },
      { type: 'ChapterFounded', data: { chapterId, founderIds: [founderId], foundedAt: at } },
    ];
    return this.plan(chapterStream(chapterId), 'no_stream', events, metadata);
  }

  private enrolled(member: Member): MemberEvent {
    return {
      type: 'MemberEnrolled',
      data: {
        memberId: member.id,
        pseudonym: `${this.random.pick(WORDS)} ${this.random.pick(WORDS)} ${this.membersCreated}`,
        region: this.random.chance(0.75) ? this.random.pick(REGIONS) : null,
        acceptedCommitmentsVersion: null,
        enrolledAt: new Date(this.clock).toISOString(),
      },
    };
  }

  /** A chapter switch, leaving, joining, or a region change, whichever fits the member's state. */
  private change(member: Member): MemberEvent {
    const at = new Date(this.clock).toISOString();
    const roll = this.random.next();
    if (roll < 0.3) {
      return {
        type: 'MemberRegionChanged',
        data: {
          memberId: member.id,
          region: this.random.chance(0.9) ? this.random.pick(REGIONS) : null,
          changedAt: at,
        },
      };
    }
    if (member.chapterId !== null) {
      const chapterId = member.chapterId;
      member.chapterId = null;
      return { type: 'MemberLeftChapter', data: { memberId: member.id, chapterId, leftAt: at } };
    }
    return this.join(member);
  }

  private join(member: Member, chapterId: string = this.random.pick(this.chapters)): MemberEvent {
    member.chapterId = chapterId;
    return {
      type: 'MemberJoinedChapter',
      data: { memberId: member.id, chapterId, joinedAt: new Date(this.clock).toISOString() },
    };
  }

  /** Metadata of one command, as acceptCommand stamps it; the clock moves on between commands. */
  private metadata(actor: Actor | null): EventMetadata {
    this.clock += 1000 + this.random.below(29000);
    const commandId = this.random.uuid();
    return {
      commandId,
      correlationId: this.random.uuid(),
      causationId: commandId,
      actor,
      acceptedAt: new Date(this.clock).toISOString(),
    };
  }

  private plan(
    stream: string,
    expectedRevision: ExpectedRevision,
    events: readonly DomainEventOf[],
    metadata: EventMetadata,
    member?: Member,
  ): PlannedAppend {
    if (member !== undefined) member.revision += BigInt(events.length);
    return {
      stream,
      expectedRevision,
      events: events.map((event, index) => ({
        id: eventIdFor(metadata.commandId, stream, index),
        type: event.type,
        data: event.data,
        metadata,
      })),
    };
  }
}
