import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  Rational,
  apportion,
  countApproval,
  countSchulze,
  countScottishStv,
  countYesNo,
  type ApportionmentMethod,
  type Quorum,
  type Threshold,
  type YesNoBallot,
  type YesNoChoice,
} from '../../voting/src';
import { SignedCheckpoint, verifyCheckpointSignature } from './ledger-verifier';

/**
 * The offline audit of an exported archive (`verify --archive`). Written apart from the server:
 * it recomputes every leaf from the archived fields and the RFC 6962 tree with its own code,
 * and re-derives outcomes with libs/voting from the ballots in the archive, never with the
 * server's deciders, projections or tally code, so a bug there is not repeated here.
 */

export const ARCHIVE_FORMAT = 'plenary-archive-v1';
export const LEAF_FORMAT = 'plenary-event-v1';

/** One thing wrong with an archive: which check, where (line, and log position when known), and what. */
export interface ArchiveFailure {
  readonly check: string;
  readonly line: number;
  readonly position?: string;
  readonly message: string;
}

export interface ArchiveReport {
  readonly ok: boolean;
  readonly failures: ArchiveFailure[];
  readonly warnings: string[];
  readonly entries: number;
  readonly checkpoints: number;
  /** Outcomes re-derived from the ballots and counts in the archive and found equal to the claims. */
  readonly recounted: {
    readonly votes: number;
    readonly elections: number;
    readonly referendums: number;
    readonly apportionments: number;
  };
}

export interface VerifyArchiveOptions {
  /** The ledger's key as published by its operator; without it the archive's own key is used, with a warning. */
  readonly publicKeyPem?: string;
}

type ArchivedEvent = {
  position: string;
  id: string;
  stream: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  metadata: unknown;
};

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function sha256(...parts: Uint8Array[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** Canonical text of a value, for comparing a recount with a claim regardless of key order. */
const canonicalText = (value: unknown): string => JSON.stringify(sortedKeys(value));

/** The leaf text of the published format plenary-event-v1, rebuilt from the archived fields. */
export function archivedLeafText(event: ArchivedEvent): string {
  return JSON.stringify([
    LEAF_FORMAT,
    event.position,
    event.id,
    event.stream,
    event.revision,
    event.type,
    sortedKeys(event.data),
    sortedKeys(event.metadata),
  ]);
}

/**
 * An RFC 6962 tree grown one leaf at a time: the roots of its complete subtrees, largest first
 * (the binary digits of its size). The root of the whole tree folds them from the right.
 */
class GrowingTree {
  private readonly peaks: { size: number; hash: Buffer }[] = [];
  size = 0;

  add(leafText: string): void {
    let peak = { size: 1, hash: sha256(Buffer.of(0), Buffer.from(leafText, 'utf8')) };
    while (this.peaks.length > 0 && this.peaks[this.peaks.length - 1].size === peak.size) {
      const left = this.peaks.pop()!;
      peak = { size: left.size * 2, hash: sha256(Buffer.of(1), left.hash, peak.hash) };
    }
    this.peaks.push(peak);
    this.size += 1;
  }

  root(): Buffer {
    if (this.peaks.length === 0) return sha256();
    let root = this.peaks[this.peaks.length - 1].hash;
    for (let at = this.peaks.length - 2; at >= 0; at -= 1) root = sha256(Buffer.of(1), this.peaks[at].hash, root);
    return root;
  }
}

/**
 * The parts of the published events the re-counts read. Archived data is untrusted input: a
 * field of the wrong shape makes the re-count fail with a message, never pass.
 */
type OpenedVote = {
  subject: { kind: string; proposalIds?: string[] };
  rules: { threshold: Threshold; quorum: Quorum | null };
  electorate: { totalWeight: string };
};
type RollCallBallot = { method: 'yes-no'; choice: YesNoChoice } | { method: 'ranked'; ranking: string[] };
/** A tally as a close records it; only what the messages and the headcount need is named. */
type ClaimedTally = {
  method?: string;
  outcome?: string;
  winner?: unknown;
  tally?: { yes?: string; no?: string; abstain?: string };
  threshold?: { base?: string };
  quorum?: { base?: string } | null;
  [field: string]: unknown;
};
type StartedElection = { method: 'STV' | 'APPROVAL'; seats: number; seed: string; alternates: number };
type DelegateChoice = { method: 'STV'; ranking: string[] } | { method: 'APPROVAL'; approved: string[] };
type ArchiveHeader = { format: string; leafFormat: string; publicKey: string; positions: string; treeSize?: number };

type VoteRecord = {
  opened: OpenedVote;
  /** Latest ballot per seat. */
  ballots: Map<string, { weight: string; ballot: RollCallBallot }>;
  closed: boolean;
};

type ElectionRecord = {
  started: StartedElection;
  candidates: string[] | null;
  open: boolean;
  closed: boolean;
  /** Latest ballot per voter key, cast between the opening and the close. */
  ballots: Map<string, DelegateChoice>;
};

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

const APPORTIONMENT_METHODS: Record<string, ApportionmentMethod> = {
  SAINTE_LAGUE: 'sainte-lague',
  DHONDT: 'dhondt',
  HAMILTON: 'hamilton',
};

/** Checks an archive file; reads it line by line, holding only the tree's edge and the votes' ballots. */
export async function verifyArchive(path: string, options: VerifyArchiveOptions = {}): Promise<ArchiveReport> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  return verifyArchiveLines(lines, options);
}

export async function verifyArchiveLines(
  lines: AsyncIterable<string>,
  options: VerifyArchiveOptions = {},
): Promise<ArchiveReport> {
  const failures: ArchiveFailure[] = [];
  const warnings: string[] = [];
  const fail = (check: string, line: number, message: string, position?: string) =>
    failures.push({ check, line, message, ...(position === undefined ? {} : { position }) });
  const tree = new GrowingTree();
  const recounted = { votes: 0, elections: 0, referendums: 0, apportionments: 0 };
  let header: ArchiveHeader | null = null;
  let keyPem: string | undefined = options.publicKeyPem;
  let lineNumber = 0;
  let checkpoints = 0;
  let lastCovered = -1;
  let previousPosition: bigint | null = null;
  const seenIds = new Map<string, string>();
  const streamRevisions = new Map<string, bigint>();
  const votes = new Map<string, VoteRecord>();
  const elections = new Map<string, ElectionRecord>();
  const lotSeeds = new Map<string, string>();
  const referendums = new Map<
    string,
    { opened: Record<string, unknown>; ballots: Map<string, { tracker: string; choice: YesNoChoice }>; closed: boolean }
  >();
  /** Pages of paged apportionments, by convention and cut-off, then by page index. */
  const apportionmentPages = new Map<string, Map<number, unknown[]>>();

  for await (const text of lines) {
    lineNumber += 1;
    if (text === '') continue;
    let parsed: { format?: unknown; leafFormat?: unknown; publicKey?: unknown; checkpoint?: unknown; event?: unknown };
    try {
      parsed = JSON.parse(text);
    } catch {
      fail('json', lineNumber, `line ${lineNumber} is not valid JSON: the archive is damaged or was edited`);
      continue;
    }
    if (header === null) {
      if (parsed?.format !== ARCHIVE_FORMAT || parsed?.leafFormat !== LEAF_FORMAT) {
        fail('format', lineNumber, `the first line is not a ${ARCHIVE_FORMAT} header with leaf format ${LEAF_FORMAT}`);
        break;
      }
      // The header is not signed: every field of it must be exactly as export writes it, so an
      // edit cannot switch a check off unnoticed.
      const headerFields = parsed as Record<string, unknown>;
      if (
        !hasExactKeys(headerFields, HEADER_FIELDS) ||
        (headerFields.positions !== 'contiguous' && headerFields.positions !== 'increasing') ||
        !Number.isSafeInteger(headerFields.treeSize) ||
        typeof headerFields.publicKey !== 'string' ||
        // Canonical form only: a PEM decoder ignores some edits (stray characters, padding bits).
        canonicalPublicKeyPem(headerFields.publicKey) !== headerFields.publicKey
      ) {
        fail(
          'format',
          lineNumber,
          `the header must hold exactly ${HEADER_FIELDS.join(', ')} (positions "contiguous" or "increasing", treeSize a whole number, publicKey an Ed25519 key in canonical SPKI PEM)`,
        );
        break;
      }
      header = parsed as ArchiveHeader;
      if (keyPem === undefined) {
        keyPem = String(parsed.publicKey);
        warnings.push(
          "no --public-key given: checkpoints are checked against the key the archive names itself, which proves only that the archive is internally consistent, not that the ledger's operator signed it; pin the published key",
        );
      } else if (!sameKey(keyPem, String(parsed.publicKey))) {
        fail(
          'public-key',
          lineNumber,
          'the archive names a different public key than the pinned one: it was not signed by this ledger',
        );
      }
      continue;
    }
    if (
      parsed !== null &&
      typeof parsed === 'object' &&
      !hasExactKeys(parsed, ['checkpoint']) &&
      !hasExactKeys(parsed, ['event'])
    ) {
      fail('entry', lineNumber, `line ${lineNumber} is neither one log entry nor one checkpoint`);
      continue;
    }
    if (parsed?.checkpoint !== undefined) {
      checkpoints += 1;
      const checkpoint = parsed.checkpoint as SignedCheckpoint;
      if (
        !hasExactKeys(checkpoint, ['treeSize', 'rootHash', 'signature']) ||
        !Number.isSafeInteger(checkpoint.treeSize) ||
        typeof checkpoint.rootHash !== 'string' ||
        typeof checkpoint.signature !== 'string' ||
        // Strict base64: Node's decoder skips stray characters, so an edited signature could decode unchanged.
        !ED25519_SIGNATURE.test(checkpoint.signature)
      ) {
        fail('checkpoint', lineNumber, `line ${lineNumber} is not a checkpoint (tree size, root hash, signature)`);
        continue;
      }
      if (!verifyCheckpointSignature(checkpoint, keyPem!)) {
        fail(
          'signature',
          lineNumber,
          `the checkpoint for tree size ${checkpoint.treeSize} is not signed by the ledger's key`,
        );
      }
      if (checkpoint.treeSize !== tree.size) {
        fail(
          'checkpoint-place',
          lineNumber,
          `the checkpoint for tree size ${checkpoint.treeSize} follows ${tree.size} entries: entries were inserted or removed before it`,
        );
      } else {
        const root = tree.root().toString('base64');
        if (root !== checkpoint.rootHash) {
          fail(
            'checkpoint-root',
            lineNumber,
            `the entries up to tree size ${checkpoint.treeSize} hash to root ${root}, the signed checkpoint says ${checkpoint.rootHash}: an entry in entries ${lastCovered + 2}..${checkpoint.treeSize} was altered or reordered`,
          );
        }
        lastCovered = checkpoint.treeSize - 1;
      }
      continue;
    }
    const event = parsed?.event as ArchivedEvent | undefined;
    const shapeProblem = eventShapeProblem(event);
    if (shapeProblem !== null) {
      fail('entry', lineNumber, `line ${lineNumber} is not a log entry: ${shapeProblem}`);
      continue;
    }
    const entry = event!;
    tree.add(archivedLeafText(entry));
    const position = BigInt(entry.position);
    if (previousPosition !== null && position <= previousPosition) {
      fail(
        'order',
        lineNumber,
        `position ${position} comes after position ${previousPosition}: entries are out of order or repeated`,
        entry.position,
      );
    } else if (header.positions === 'contiguous' && position !== (previousPosition ?? 0n) + 1n) {
      fail(
        'contiguity',
        lineNumber,
        `position ${position} follows ${previousPosition ?? 'the start'}: ${position - (previousPosition ?? 0n) - 1n} entries are missing before it`,
        entry.position,
      );
    }
    if (previousPosition === null || position > previousPosition) previousPosition = position;
    const earlier = seenIds.get(entry.id);
    if (earlier !== undefined) {
      fail(
        'duplicate-id',
        lineNumber,
        `event ${entry.id} at position ${position} already appeared at position ${earlier}`,
        entry.position,
      );
    } else seenIds.set(entry.id, entry.position);
    const revision = BigInt(entry.revision);
    const expected = (streamRevisions.get(entry.stream) ?? -1n) + 1n;
    if (revision !== expected) {
      fail(
        'stream-revision',
        lineNumber,
        `stream ${entry.stream} has revision ${revision} at position ${position} where revision ${expected} was due: a revision is missing, repeated or out of order`,
        entry.position,
      );
    }
    if (revision >= expected) streamRevisions.set(entry.stream, revision);

    try {
      rederive(entry);
    } catch (error) {
      fail(
        'recount',
        lineNumber,
        `the ${entry.type} at position ${position} cannot be re-derived: ${(error as Error).message}`,
        entry.position,
      );
    }
  }

  if (header === null && !failures.some((failure) => failure.check === 'format')) {
    fail('format', lineNumber, 'the archive is empty: no header');
  }
  if (header !== null) {
    if (checkpoints === 0) fail('coverage', lineNumber, 'the archive holds no signed checkpoint');
    else if (lastCovered !== tree.size - 1) {
      fail(
        'coverage',
        lineNumber,
        `the last signed checkpoint covers ${lastCovered + 1} of the ${tree.size} entries: the rest are vouched for by no signature`,
      );
    }
    if (Number.isSafeInteger(header.treeSize) && header.treeSize !== tree.size) {
      fail('coverage', 1, `the header announces ${header.treeSize} entries, the archive holds ${tree.size}`);
    }
    for (const [voteId, vote] of votes) {
      if (!vote.closed) warnings.push(`convention vote ${voteId} is still open: nothing to re-count`);
    }
  }
  return { ok: failures.length === 0, failures, warnings, entries: tree.size, checkpoints, recounted };

  function rederive(entry: ArchivedEvent): void {
    const data = entry.data;
    const line = lineNumber;
    switch (entry.type) {
      case 'ConventionCalled':
        lotSeeds.set(String(data.conventionId), String((data.rules as { lotSeed?: unknown } | undefined)?.lotSeed));
        return;
      case 'ConventionVoteOpened':
        votes.set(String(data.voteId), { opened: data as unknown as OpenedVote, ballots: new Map(), closed: false });
        return;
      case 'ConventionBallotCast': {
        const vote = votes.get(String(data.voteId));
        if (vote === undefined) {
          fail(
            'recount',
            line,
            `a ballot at position ${entry.position} is for vote ${data.voteId}, which was never opened`,
            entry.position,
          );
        } else if (!vote.closed) {
          vote.ballots.set(String(data.seatId), { weight: String(data.weight), ballot: data.ballot as RollCallBallot });
        }
        return;
      }
      case 'ConventionVoteCancelled': {
        // A cancelled vote decides nothing: there is no count to check.
        const vote = votes.get(String(data.voteId));
        if (vote !== undefined) vote.closed = true;
        return;
      }
      case 'ConventionVoteClosed': {
        const vote = votes.get(String(data.voteId));
        if (vote === undefined) {
          fail(
            'recount',
            line,
            `vote ${data.voteId} closes at position ${entry.position} without having opened`,
            entry.position,
          );
          return;
        }
        vote.closed = true;
        const claimed = data.tally as ClaimedTally;
        const recount = recountConventionVote(String(data.voteId), vote, claimed);
        if (canonicalText(recount) !== canonicalText(claimed)) {
          fail(
            'recount-vote',
            line,
            `vote ${data.voteId} closed at position ${entry.position} claims ${summarize(claimed)}; its ${vote.ballots.size} ballots count ${summarize(recount)}`,
            entry.position,
          );
        } else recounted.votes += 1;
        return;
      }
      case 'DelegateElectionStarted':
        elections.set(String(data.electionId), {
          started: data as unknown as StartedElection,
          candidates: null,
          open: false,
          closed: false,
          ballots: new Map(),
        });
        return;
      case 'DelegateVotingOpened': {
        const election = elections.get(String(data.electionId));
        if (election !== undefined) {
          election.open = true;
          election.candidates = (data.candidates as string[]).map(String);
        }
        return;
      }
      case 'DelegateBallotCast': {
        const election = elections.get(String(data.electionId));
        if (election?.open === true && !election.closed)
          election.ballots.set(String(data.voterKey), data.choice as DelegateChoice);
        return;
      }
      case 'DelegateVotingClosed': {
        const election = elections.get(String(data.electionId));
        if (election !== undefined) election.closed = true;
        return;
      }
      case 'DelegateElectionTallied': {
        const election = elections.get(String(data.electionId));
        if (election === undefined || election.candidates === null) {
          fail(
            'recount-election',
            line,
            `election ${data.electionId} is tallied at position ${entry.position} but was never opened for voting`,
            entry.position,
          );
          return;
        }
        const recount = recountDelegateElection(election);
        const claimed = {
          method: data.method,
          seats: data.seats,
          candidates: data.candidates,
          ballots: data.ballots,
          elected: data.elected,
          alternates: data.alternates,
          working: data.working,
        };
        if (canonicalText(recount) !== canonicalText(claimed)) {
          fail(
            'recount-election',
            line,
            `election ${data.electionId} tallied at position ${entry.position} claims elected ${JSON.stringify(claimed.elected)} from ${String(claimed.ballots)} ballots; the ${recount.ballots} ballots in the archive elect ${JSON.stringify(recount.elected)}${sameOutcomeNote(claimed, recount)}`,
            entry.position,
          );
        } else recounted.elections += 1;
        return;
      }
      case 'ReferendumOpened':
        referendums.set(String(data.referendumId), { opened: data, ballots: new Map(), closed: false });
        return;
      case 'ReferendumBallotCast': {
        const referendum = referendums.get(String(data.referendumId));
        if (referendum !== undefined && !referendum.closed) {
          referendum.ballots.set(String(data.voterKey), {
            tracker: String(data.tracker),
            choice: data.choice as YesNoChoice,
          });
        }
        return;
      }
      case 'ReferendumClosed': {
        const referendum = referendums.get(String(data.referendumId));
        if (referendum === undefined) {
          fail(
            'recount-referendum',
            line,
            `referendum ${data.referendumId} closes at position ${entry.position} without having opened`,
            entry.position,
          );
          return;
        }
        referendum.closed = true;
        // The published count: each counted ballot's tracker and choice, sorted by tracker.
        const count = [...referendum.ballots.values()].sort((a, b) =>
          a.tracker < b.tracker ? -1 : a.tracker > b.tracker ? 1 : 0,
        );
        const rules = referendum.opened.rules as OpenedVote['rules'];
        const tally = {
          ...countYesNo(
            count.map(({ choice }) => ({ choice })),
            {
              threshold: rules.threshold,
              ...(rules.quorum === null || rules.quorum === undefined ? {} : { quorum: rules.quorum }),
              electorate: Number(referendum.opened.electorateSize),
            },
          ),
        };
        const claimed = data.tally as ClaimedTally;
        if (canonicalText(count) !== canonicalText(data.count)) {
          fail(
            'recount-referendum',
            line,
            `referendum ${data.referendumId} closed at position ${entry.position} publishes a count of ${Array.isArray(data.count) ? data.count.length : 0} trackers that differs from its ${count.length} ballots (a tracker missing, added or with another choice)`,
            entry.position,
          );
        } else if (canonicalText(tally) !== canonicalText(claimed)) {
          fail(
            'recount-referendum',
            line,
            `referendum ${data.referendumId} closed at position ${entry.position} claims ${summarize(claimed)}; its ${count.length} ballots count ${summarize(tally)}`,
            entry.position,
          );
        } else recounted.referendums += 1;
        return;
      }
      case 'SeatsApportionmentPage': {
        const key = `${String(data.conventionId)}/${String(data.cutoffPosition)}`;
        const pages = apportionmentPages.get(key) ?? new Map<number, unknown[]>();
        // A retried attempt may write a page again; the same index carries the same entries.
        pages.set(Number(data.index), Array.isArray(data.entries) ? data.entries : []);
        apportionmentPages.set(key, pages);
        return;
      }
      case 'SeatsApportioned': {
        let recorded: { chapters: ChapterSeats[]; working: unknown };
        if (Array.isArray(data.chapters)) {
          // Version 1: the whole table and working in the one event.
          recorded = { chapters: data.chapters as ChapterSeats[], working: data.working };
        } else {
          // Version 2: the table and the growing parts of the working are in the pages before it.
          const key = `${String(data.conventionId)}/${String(data.cutoffPosition)}`;
          const assembled = assemblePages(data, apportionmentPages.get(key) ?? new Map());
          if (typeof assembled === 'string') {
            fail(
              'apportionment',
              line,
              `the apportionment at position ${entry.position} does not match its pages: ${assembled}`,
              entry.position,
            );
            return;
          }
          recorded = assembled;
        }
        const seed = lotSeeds.get(String(data.conventionId));
        const { chapters } = recorded;
        const working = apportion(
          chapters.map((chapter) => ({ id: chapter.chapterId, population: chapter.members })),
          {
            method: APPORTIONMENT_METHODS[String(data.method)],
            seats: Number(data.totalSeats),
            minimumPerUnit: Number(data.minimumSeatsPerChapter),
            ...(seed === undefined ? {} : { seed: `${seed}/apportionment` }),
          },
        );
        const seatsOf = new Map(working.allocations.map((allocation) => [allocation.id, allocation.seats]));
        const wrong = chapters.filter((chapter) => seatsOf.get(chapter.chapterId) !== chapter.seats);
        if (wrong.length > 0 || canonicalText(working) !== canonicalText(recorded.working)) {
          fail(
            'apportionment',
            line,
            `the apportionment at position ${entry.position} does not follow from the member counts it records: ${
              wrong.length > 0
                ? wrong
                    .map(
                      (chapter) =>
                        `chapter ${chapter.chapterId} has ${chapter.seats} seats, ${String(seatsOf.get(chapter.chapterId) ?? 0)} are due`,
                    )
                    .join('; ')
                : 'its recorded working differs from the recomputed one'
            }`,
            entry.position,
          );
        } else recounted.apportionments += 1;
        return;
      }
      default:
        return;
    }
  }
}

/** The count of a convention vote from its latest ballot per seat, as libs/voting makes it. */
function recountConventionVote(voteId: string, vote: VoteRecord, claimed: ClaimedTally): ClaimedTally {
  const { subject, rules, electorate } = vote.opened;
  // In seat order, as the count takes them, so nothing depends on the order they arrived.
  const ballots = [...vote.ballots.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, ballot]) => ballot);
  // The weight present is a headcount the close records, not something the ballots can show.
  // A ranked tally records no threshold, so the quorum's base may be the only place it is; when
  // both record it and disagree, the re-count from the first differs from the claim.
  const thresholdBase =
    claimed?.threshold?.base ??
    (claimed?.againstStatusQuo as { threshold?: { base?: string } } | null | undefined)?.threshold?.base;
  const present: string | undefined =
    ((rules.threshold as { of?: string } | undefined)?.of === 'present' ? thresholdBase : undefined) ??
    (rules.quorum?.of === 'present' ? claimed?.quorum?.base : undefined);
  if (subject.kind !== 'competing-proposals') {
    const counted: YesNoBallot[] = ballots.map(({ weight, ballot }) => {
      if (ballot?.method !== 'yes-no') throw new Error('a ranked ballot in a yes/no vote');
      return weight === '1' ? { choice: ballot.choice } : { choice: ballot.choice, weight };
    });
    return {
      ...countYesNo(counted, {
        threshold: rules.threshold,
        ...(rules.quorum === null || rules.quorum === undefined ? {} : { quorum: rules.quorum }),
        electorate: electorate.totalWeight,
        ...(present === undefined ? {} : { present }),
      }),
    };
  }
  // Counts since "none of these" stands in every ranked vote record the leader and its count
  // against the status quo; counts from before record neither, and are re-counted by their rule.
  const withStatusQuo = claimed !== undefined && claimed !== null && 'leader' in claimed;
  const candidates = [...(subject.proposalIds ?? []), ...(withStatusQuo ? [NONE_OF_THESE] : [])];
  const weights = ballots.map(({ weight }) => Rational.parse(weight));
  const scale = weights.reduce((lcm, weight) => (lcm * weight.denominator) / gcd(lcm, weight.denominator), 1n);
  const schulze = countSchulze(
    candidates,
    ballots.map(({ ballot }, index) => {
      if (ballot?.method !== 'ranked') throw new Error('a yes/no ballot in a ranked vote');
      return {
        ranking: ballot.ranking,
        count: Number((weights[index].numerator * scale) / weights[index].denominator),
      };
    }),
    { seed: voteId },
  );
  const participation = weights.reduce((sum, weight) => sum.add(weight), Rational.ZERO);
  let quorum: { base: string; [field: string]: unknown } | null = null;
  if (rules.quorum !== null && rules.quorum !== undefined) {
    const fraction = Rational.from(rules.quorum.fraction);
    const base = Rational.parse(rules.quorum.of === 'electorate' ? electorate.totalWeight : (present ?? '0'));
    const required = fraction.mul(base);
    quorum = {
      fraction: fraction.toString(),
      of: rules.quorum.of,
      base: base.toString(),
      required: required.toString(),
      participation: participation.toString(),
      met: participation.gte(required),
    };
  }
  const decided = quorum === null || quorum.met;
  const leader =
    decided && schulze.order !== null && schulze.ballots.voters > schulze.ballots.blank ? schulze.order[0] : null;
  if (!withStatusQuo) {
    return {
      method: 'ranked',
      outcome: decided ? 'decided' : 'no-quorum',
      winner: leader,
      weightScale: scale.toString(),
      quorum,
      schulze,
    };
  }
  // The leader wins only if it carries the proposals' threshold against no change: a ballot is a
  // yes when it ranks the leader above "none of these", a no when below, an abstention otherwise.
  const againstStatusQuo =
    leader === null || leader === NONE_OF_THESE
      ? null
      : countYesNo(
          ballots.map(({ weight, ballot }) => {
            const ranking = ballot?.method === 'ranked' ? ballot.ranking : [];
            const rank = (id: string) => (ranking.indexOf(id) === -1 ? Infinity : ranking.indexOf(id));
            const choice: YesNoChoice =
              rank(leader) < rank(NONE_OF_THESE) ? 'yes' : rank(NONE_OF_THESE) < rank(leader) ? 'no' : 'abstain';
            return weight === '1' ? { choice } : { choice, weight };
          }),
          {
            threshold: rules.threshold,
            electorate: electorate.totalWeight,
            ...(present === undefined ? {} : { present }),
          },
        );
  return {
    method: 'ranked',
    outcome: decided ? 'decided' : 'no-quorum',
    winner: againstStatusQuo?.outcome === 'adopted' ? leader : null,
    leader,
    againstStatusQuo,
    weightScale: scale.toString(),
    quorum,
    schulze,
  };
}

/** The status quo's candidate id in ranked votes (the rules of procedure's "none of these"). */
const NONE_OF_THESE = 'none-of-these';

/** A delegate election's count from each voter's latest ballot; voter keys are HMACs, only their choices matter. */
function recountDelegateElection(election: ElectionRecord) {
  const { method, seats, seed, alternates } = election.started;
  const candidates = election.candidates!;
  // Sorted by voter key, as the count is made: its order must not depend on arrival.
  const ballots = [...election.ballots.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, choice]) => choice);
  const fill = Math.min(Number(seats), candidates.length);
  let working: unknown = null;
  let order: readonly string[] = [];
  if (fill > 0) {
    const result =
      method === 'STV'
        ? countScottishStv(
            candidates,
            ballots.flatMap((ballot) => (ballot?.method === 'STV' ? [{ ranking: ballot.ranking }] : [])),
            { seats: fill, seed },
          )
        : countApproval(
            candidates,
            ballots.flatMap((ballot) => (ballot?.method === 'APPROVAL' ? [{ approved: ballot.approved }] : [])),
            { seats: fill, seed },
          );
    working = result;
    order = result.order;
  }
  return {
    method,
    seats,
    candidates,
    ballots: ballots.length,
    elected: order.slice(0, fill),
    alternates: order.slice(fill, fill + Number(alternates)),
    working,
  };
}

type ChapterSeats = { chapterId: string; members: number; seats: number };

/** The SHA-256 chain over the pages' JSON, in order, that a paged result's closing event records. */
function pagesDigest(pages: readonly unknown[][]): string {
  let digest = sha256(Buffer.from('plenary-pages/v1', 'utf8'));
  for (const items of pages) digest = sha256(digest, Buffer.from(JSON.stringify(items), 'utf8'));
  return digest.toString('hex');
}

/**
 * A paged apportionment put back together (the table and the working as version 1 recorded
 * them), after checking the pages against the page count, entry count and digest its closing
 * event records; a description of the problem when they disagree.
 */
function assemblePages(
  closing: Record<string, unknown>,
  byIndex: Map<number, unknown[]>,
): { chapters: ChapterSeats[]; working: unknown } | string {
  const summary = closing.pages as { pageCount?: number; itemCount?: number; digest?: string } | undefined;
  const pages = [...byIndex.entries()].sort(([a], [b]) => a - b);
  const problems: string[] = [];
  pages.forEach(([index], at) => {
    if (index !== at) problems.push(`page ${at} is missing`);
  });
  if (pages.length !== summary?.pageCount) problems.push(`${summary?.pageCount} pages recorded, ${pages.length} found`);
  const items = pages.reduce((count, [, entries]) => count + entries.length, 0);
  if (items !== summary?.itemCount) problems.push(`${summary?.itemCount} entries recorded, ${items} found`);
  const digest = pagesDigest(pages.map(([, entries]) => entries));
  if (digest !== summary?.digest) problems.push(`the pages hash to ${digest}, the record says ${summary?.digest}`);
  const working = closing.working as {
    method: string;
    seats: number;
    minimumPerUnit: number;
    totalPopulation: string;
    hamiltonRounds: { seats: number; population: string; raisedToMinimum: unknown }[];
    lots: unknown;
  };
  const chapters: ChapterSeats[] = [];
  const awards: unknown[] = [];
  const nextQuotients: unknown[] = [];
  const lines: unknown[][] = (working?.hamiltonRounds ?? []).map(() => []);
  for (const [, entries] of pages) {
    for (const entry of entries as Record<string, unknown>[]) {
      if (entry.kind === 'chapter')
        chapters.push({
          chapterId: String(entry.chapterId),
          members: Number(entry.members),
          seats: Number(entry.seats),
        });
      else if (entry.kind === 'award') awards.push(entry.award);
      else if (entry.kind === 'next-quotient') nextQuotients.push(entry.nextQuotient);
      else if (entry.kind === 'hamilton-line' && lines[Number(entry.round)] !== undefined)
        lines[Number(entry.round)].push(entry.line);
      else problems.push(`an entry of unknown kind ${JSON.stringify(entry.kind)}`);
    }
  }
  if (chapters.length !== closing.chapterCount)
    problems.push(`${String(closing.chapterCount)} chapters recorded, ${chapters.length} found`);
  if (problems.length > 0) return problems.join('; ');
  return {
    chapters,
    working: {
      method: working.method,
      seats: working.seats,
      minimumPerUnit: working.minimumPerUnit,
      totalPopulation: working.totalPopulation,
      allocations: chapters.map(({ chapterId, members, seats }) => ({
        id: chapterId,
        population: String(members),
        seats,
      })),
      awards,
      nextQuotients,
      hamiltonRounds: working.hamiltonRounds.map((round, index) => ({ ...round, lines: lines[index] })),
      lots: working.lots,
    },
  };
}

function summarize(tally: ClaimedTally): string {
  if (tally?.method === 'yes-no') {
    const { yes, no, abstain } = tally.tally ?? {};
    return `${String(tally.outcome)} (yes ${String(yes)}, no ${String(no)}, abstain ${String(abstain)})`;
  }
  if (tally?.method === 'ranked') return `${String(tally.outcome)}, winner ${String(tally.winner)}`;
  return JSON.stringify(tally);
}

function sameOutcomeNote(
  claimed: { elected: unknown; alternates: unknown },
  recount: { elected: unknown; alternates: unknown },
) {
  return canonicalText([claimed.elected, claimed.alternates]) === canonicalText([recount.elected, recount.alternates])
    ? ' (same delegates, but the recorded working or ballot count differs)'
    : '';
}

const HEADER_FIELDS = ['format', 'leafFormat', 'publicKey', 'positions', 'treeSize'];
const EVENT_FIELDS = ['position', 'id', 'stream', 'revision', 'type', 'data', 'metadata'];
/** 64 bytes in padded base64. */
const ED25519_SIGNATURE = /^[A-Za-z0-9+/]{86}==$/;

function hasExactKeys(value: unknown, keys: readonly string[]): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => own.includes(key));
}

function eventShapeProblem(event: ArchivedEvent | undefined): string | null {
  if (event === null || typeof event !== 'object') return 'neither a header, an event nor a checkpoint';
  if (!hasExactKeys(event, EVENT_FIELDS)) return `it must hold exactly ${EVENT_FIELDS.join(', ')}`;
  if (typeof event.position !== 'string' || !DECIMAL.test(event.position))
    return 'its position is not a decimal number';
  if (typeof event.revision !== 'string' || !DECIMAL.test(event.revision))
    return 'its revision is not a decimal number';
  for (const field of ['id', 'stream', 'type'] as const) {
    if (typeof event[field] !== 'string') return `its ${field} is not text`;
  }
  if (event.data === null || typeof event.data !== 'object') return 'its data is not an object';
  return null;
}

function canonicalPublicKeyPem(pem: string): string | null {
  try {
    const key = createPublicKey(pem);
    return key.asymmetricKeyType === 'ed25519' ? key.export({ type: 'spki', format: 'pem' }).toString() : null;
  } catch {
    return null;
  }
}

function sameKey(a: string, b: string): boolean {
  try {
    const der = (pem: string) => createPublicKey(pem).export({ type: 'spki', format: 'der' });
    return der(a).equals(der(b));
  } catch {
    return false;
  }
}
