import 'reflect-metadata';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import mercurius, { IResolvers } from 'mercurius';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../apps/api/src/config/plenary-config';
import { createApp } from '../apps/api/src/main';
import { serveToParent } from './bench-support';

/**
 * The two servers of the provenance benchmark, each in a process of its own. Arguments:
 *
 *   plenary <data dir>   the real API as production runs it (NODE_ENV=production, embedded
 *                        sign-in, rate limits on, introspection off), over the benchmark's store
 *   raw <data dir>       Fastify + Mercurius with graphql-jit (`jit: 1`), a hand-written SDL for
 *                        exactly the shape the benchmark's query selects, and resolvers that read
 *                        the same read-model file (readonly) with hand-written SQL
 *
 * Sends `{ port }` once listening; answers the message `cpu` with `{ cpuMicros }` (user and system
 * CPU time the process has used so far); closes on the message `stop`.
 */

interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function startPlenary(dataDir: string): Promise<Running> {
  const config = loadConfig({
    NODE_ENV: 'production',
    PLENARY_AUTH: 'embedded',
    PLENARY_DATA_DIR: dataDir,
    PLENARY_LOG_LEVEL: 'silent',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  return { port: (app.getHttpServer().address() as AddressInfo).port, close: () => app.close() };
}

/**
 * The types the benchmark's query selects, and nothing else. Names follow Plenary's so the same
 * document validates against both; scalars pass values through as stored (Plenary's DateTime and
 * UUID only re-format what the read models already hold in canonical form).
 */
const RAW_SCHEMA = `
  scalar UUID
  scalar DateTime

  type Query { rule(id: UUID!): Rule }

  type Rule { title: String!, versions(first: Int): RuleVersions! }
  type RuleVersions { nodes: [RuleVersion!]! }
  type RuleVersion { version: Int!, clauses: [String!]!, recorded: Recorded, enactment: Enactment! }
  type Recorded { position: String!, at: DateTime!, actor: String }
  type Member { pseudonym: String }

  type Enactment { proposal: Proposal, amendments: [Amendment!]!, vote: Vote }
  type Proposal { kind: String!, title: String!, sponsor: Member!, seconders: [Seconder!]! }
  type Seconder { member: Member! }
  type Amendment {
    level: String!
    decidedBy: String!
    mover: Member!
    secondaries: [Amendment!]!
    vote: Vote
  }

  type Vote { tally: Tally, rollCall(first: Int): RollCall! }
  type Tally { yesNo: YesNo }
  type YesNo { outcome: String!, weighted: Counts!, threshold: Threshold!, quorum: Quorum }
  type Counts { yes: String!, no: String!, abstain: String! }
  type Threshold { kind: String!, required: String!, met: Boolean! }
  type Quorum { required: String!, met: Boolean! }

  type RollCall { nodes: [RollCallEntry!]! }
  type RollCallEntry { seatId: String!, choice: String, recorded: Recorded, delegate: Delegate }
  type Delegate { member: Member!, chapterName: String, election: Election, apportionment: Apportionment }
  type Election { method: String!, electedAtStage: Int, ballotsCounted: Int! }
  type Apportionment { members: Int!, seats: Int!, quotient: Quotient }
  type Quotient { exact: String! }
`;

interface RecordedRow {
  rec_position: number | null;
  rec_at: string;
  rec_member: string | null;
  rec_pseudonym: string | null;
  rec_operator: string | null;
}
interface AmendmentRow {
  amendment_id: string;
  parent_amendment_id: string | null;
  status: string;
  vote_id: string | null;
  pseudonym: string | null;
}
interface RollCallRow extends RecordedRow {
  seat_id: string;
  choice: string | null;
  member_id: string;
  pseudonym: string | null;
  chapter_id: string | null;
  chapter_name: string | null;
  election_id: string | null;
  election_method: string | null;
  election_ballots: number | null;
  /** Counted in stages (STV): its working says at which stage each delegate was elected. */
  election_staged: number | null;
  seat_members: number | null;
  seat_seats: number | null;
}
type Context = { memo: Map<string, unknown> };

const recorded = (row: RecordedRow) =>
  row.rec_position === null
    ? null
    : {
        position: String(row.rec_position),
        at: row.rec_at,
        actor: row.rec_member !== null ? row.rec_pseudonym : row.rec_operator,
      };
const upper = (text: string) => text.toUpperCase().replace(/-/g, '_');

/** The record of one subject, joined in: the event, and the actor's pseudonym. */
const RECORD_JOIN = (subject: string, alias = 'r', member = 'rm') =>
  `LEFT JOIN provenance_records ${alias} ON ${alias}.subject = ${subject}
   LEFT JOIN members ${member} ON ${member}.member_id = ${alias}.actor_member_id`;
const RECORD_COLUMNS = (alias = 'r', member = 'rm') =>
  `${alias}.position AS rec_position, ${alias}.at AS rec_at, ${alias}.actor_member_id AS rec_member,
   ${member}.pseudonym AS rec_pseudonym, ${alias}.actor_operator AS rec_operator`;

function rawResolvers(db: Database.Database) {
  const rule = db.prepare<[string], { rule_id: string; title: string }>(
    'SELECT rule_id, title FROM charter_rules WHERE rule_id = ?',
  );
  const versions = db.prepare<[string, number], RecordedRow & { version: number; clauses: string; origin: string }>(
    `SELECT v.version, v.clauses, v.origin, ${RECORD_COLUMNS()} FROM charter_rule_versions v
       ${RECORD_JOIN(`'rule-version:' || v.rule_id || ':' || v.version`)}
      WHERE v.rule_id = ? ORDER BY v.version LIMIT ?`,
  );
  const proposal = db.prepare<[string], { kind: string; title: string; pseudonym: string | null }>(
    `SELECT p.kind, p.title, m.pseudonym FROM floor_proposals p LEFT JOIN members m ON m.member_id = p.sponsor_id
      WHERE p.proposal_id = ?`,
  );
  const seconders = db.prepare<[string], { pseudonym: string | null }>(
    `SELECT m.pseudonym FROM floor_seconders s LEFT JOIN members m ON m.member_id = s.member_id
      WHERE s.proposal_id = ? ORDER BY s.position, s.member_id`,
  );
  const amendmentColumns = `a.amendment_id, a.parent_amendment_id, a.status, a.vote_id, m.pseudonym
    FROM floor_amendments a LEFT JOIN members m ON m.member_id = a.author_id`;
  const amendment = db.prepare<[string], AmendmentRow>(`SELECT ${amendmentColumns} WHERE a.amendment_id = ?`);
  const secondaries = db.prepare<[string], AmendmentRow>(
    `SELECT ${amendmentColumns} WHERE a.parent_amendment_id = ? ORDER BY a.position, a.amendment_id`,
  );
  const vote = db.prepare<
    [string],
    {
      vote_id: string;
      convention_id: string;
      counted: number;
      method: string | null;
      outcome: string | null;
      yes: string;
      no: string;
      abstain: string;
      threshold_kind: string;
      threshold_required: string;
      threshold_met: number;
      quorum_required: string | null;
      quorum_met: number | null;
    }
  >(
    `SELECT vote_id, convention_id, tally IS NOT NULL AS counted, tally ->> '$.method' AS method,
            tally ->> '$.outcome' AS outcome,
            tally ->> '$.tally.yes' AS yes, tally ->> '$.tally.no' AS no, tally ->> '$.tally.abstain' AS abstain,
            tally ->> '$.threshold.kind' AS threshold_kind, tally ->> '$.threshold.required' AS threshold_required,
            tally ->> '$.threshold.met' AS threshold_met,
            tally ->> '$.quorum.required' AS quorum_required, tally ->> '$.quorum.met' AS quorum_met
       FROM floor_votes WHERE vote_id = ?`,
  );
  // One statement for a page of the roll call: ballot, its event, the voter's roster entry,
  // chapter, election and their chapter's seats.
  const rollCall = db.prepare<[string, string, string, number], RollCallRow>(
    `SELECT b.seat_id, b.ballot ->> '$.choice' AS choice, b.member_id, ${RECORD_COLUMNS()},
            m.pseudonym, d.chapter_id, c.name AS chapter_name,
            e.election_id, e.method AS election_method, e.ballots AS election_ballots,
            e.method <> 'APPROVAL' AS election_staged,
            s.members AS seat_members, s.seats AS seat_seats
       FROM floor_ballots b
       ${RECORD_JOIN(`'ballot:' || b.vote_id || ':' || b.seat_id`)}
       LEFT JOIN delegate_roster d ON d.rowid =
         (SELECT min(rowid) FROM delegate_roster WHERE member_id = b.member_id AND +convention_id = ?
              AND election_id IN (SELECT election_id FROM delegate_elections WHERE convention_id = ?))
       LEFT JOIN members m ON m.member_id = b.member_id
       LEFT JOIN chapters c ON c.chapter_id = d.chapter_id
       LEFT JOIN delegate_elections e ON e.election_id = d.election_id
       LEFT JOIN convention_seats s ON s.convention_id = d.convention_id AND s.chapter_id = d.chapter_id
      WHERE b.vote_id = ? ORDER BY b.seat_id LIMIT ?`,
  );
  const electionWorking = db.prepare<[string], { working: string | null }>(
    'SELECT working FROM delegate_elections WHERE election_id = ?',
  );
  const apportionmentWorking = db.prepare<[string], { working: string }>(
    'SELECT working FROM convention_apportionments WHERE convention_id = ?',
  );

  /** Parsed once per request: every delegate of a chapter shares its election and apportionment. */
  const memo = <T>(context: Context, key: string, load: () => T): T => {
    if (!context.memo.has(key)) context.memo.set(key, load());
    return context.memo.get(key) as T;
  };

  const toAmendment = (row: AmendmentRow) => ({
    id: row.amendment_id,
    parentId: row.parent_amendment_id,
    level: row.parent_amendment_id === null ? 'PRIMARY' : 'SECONDARY',
    decidedBy:
      row.status === 'accepted-as-friendly'
        ? 'FRIENDLY'
        : row.vote_id !== null && (row.status === 'adopted' || row.status === 'rejected')
          ? 'VOTED'
          : upper(row.status),
    mover: { pseudonym: row.pseudonym },
    voteId: row.vote_id,
  });
  type RawAmendment = ReturnType<typeof toAmendment>;

  const voteById = (voteId: string) => {
    const row = vote.get(voteId);
    if (row === undefined) return null;
    return {
      id: row.vote_id,
      conventionId: row.convention_id,
      tally:
        row.counted === 0
          ? null
          : {
              yesNo:
                row.method !== 'yes-no'
                  ? null
                  : {
                      outcome: row.outcome,
                      weighted: { yes: row.yes, no: row.no, abstain: row.abstain },
                      threshold: {
                        kind: row.threshold_kind,
                        required: row.threshold_required,
                        met: row.threshold_met === 1,
                      },
                      quorum:
                        row.quorum_required === null
                          ? null
                          : { required: row.quorum_required, met: row.quorum_met === 1 },
                    },
            },
    };
  };

  const electedAtStage = (context: Context, electionId: string, memberId: string): number | null => {
    const working = memo(context, `election:${electionId}`, () => {
      const row = electionWorking.get(electionId);
      return row === undefined || row.working === null
        ? null
        : (JSON.parse(row.working) as {
            method: string;
            stages: { stage: number; elected: { candidate: string }[] }[];
          } | null);
    });
    if (working?.method !== 'scottish-stv') return null;
    return working.stages.find((stage) => stage.elected.some((e) => e.candidate === memberId))?.stage ?? null;
  };

  const quotientOf = (context: Context, conventionId: string, chapterId: string) => {
    const working = memo(context, `apportionment:${conventionId}`, () => {
      const row = apportionmentWorking.get(conventionId);
      return row === undefined
        ? null
        : (JSON.parse(row.working) as {
            awards: { unit: string; quotient: { exact: string } }[];
            hamiltonRounds: { lines: { unit: string; quota: { exact: string } }[] }[];
          });
    });
    if (working === null) return null;
    let award: { quotient: { exact: string } } | undefined;
    for (const candidate of working.awards) if (candidate.unit === chapterId) award = candidate;
    const lastRound = working.hamiltonRounds[working.hamiltonRounds.length - 1];
    const quotient = award?.quotient ?? lastRound?.lines.find((line) => line.unit === chapterId)?.quota;
    return quotient === undefined ? null : { exact: quotient.exact };
  };

  return {
    Query: {
      rule: (_root: unknown, args: { id: string }) => {
        const row = rule.get(args.id.toLowerCase());
        return row === undefined ? null : { id: row.rule_id, title: row.title };
      },
    },
    Rule: {
      versions: (parent: { id: string }, args: { first?: number }) => ({
        nodes: versions.all(parent.id, args.first ?? 20).map((row) => ({
          version: row.version,
          clauses: JSON.parse(row.clauses) as string[],
          recorded: recorded(row),
          enactment: JSON.parse(row.origin) as { proposalId: string; voteId: string; amendmentIds: string[] },
        })),
      }),
    },
    Enactment: {
      proposal: (parent: { proposalId: string }) => {
        const row = proposal.get(parent.proposalId);
        if (row === undefined) return null;
        return {
          kind: upper(row.kind),
          title: row.title,
          sponsor: { pseudonym: row.pseudonym },
          seconders: seconders
            .all(parent.proposalId)
            .map((seconder) => ({ member: { pseudonym: seconder.pseudonym } })),
        };
      },
      amendments: (parent: { amendmentIds: string[] }) => {
        const listed = new Set(parent.amendmentIds);
        return parent.amendmentIds
          .map((id) => amendment.get(id))
          .filter((row): row is AmendmentRow => row !== undefined)
          .map(toAmendment)
          .filter((found) => found.level === 'PRIMARY' || !listed.has(found.parentId ?? ''));
      },
      vote: (parent: { voteId: string }) => voteById(parent.voteId),
    },
    Amendment: {
      secondaries: (parent: RawAmendment) => secondaries.all(parent.id).map(toAmendment),
      vote: (parent: RawAmendment) => (parent.voteId === null ? null : voteById(parent.voteId)),
    },
    Vote: {
      rollCall: (parent: { id: string; conventionId: string }, args: { first?: number }, context: Context) => ({
        nodes: rollCall.all(parent.conventionId, parent.conventionId, parent.id, args.first ?? 20).map((row) => ({
          seatId: row.seat_id,
          choice: row.choice === null ? null : row.choice.toUpperCase(),
          recorded: recorded(row),
          delegate:
            row.chapter_id === null
              ? null
              : {
                  member: { pseudonym: row.pseudonym },
                  chapterName: row.chapter_name,
                  election:
                    row.election_id === null
                      ? null
                      : {
                          method: row.election_method,
                          ballotsCounted: row.election_ballots,
                          electedAtStage:
                            row.election_staged === 1 ? electedAtStage(context, row.election_id, row.member_id) : null,
                        },
                  apportionment:
                    row.seat_members === null
                      ? null
                      : {
                          members: row.seat_members,
                          seats: row.seat_seats,
                          quotient: quotientOf(context, parent.conventionId, row.chapter_id),
                        },
                },
        })),
      }),
    },
  };
}

async function startRaw(dataDir: string): Promise<Running> {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  const app = Fastify();
  await app.register(mercurius, {
    schema: RAW_SCHEMA,
    resolvers: rawResolvers(db) as unknown as IResolvers,
    context: (): Context => ({ memo: new Map() }),
    jit: 1,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    port: (app.server.address() as AddressInfo).port,
    close: async () => {
      await app.close();
      db.close();
    },
  };
}

async function main(): Promise<void> {
  const [kind, dataDir] = process.argv.slice(2);
  if (process.send === undefined) throw new Error('run this entry through bench/run.ts, not directly');
  let running: Running;
  if (kind === 'plenary' && dataDir !== undefined) running = await startPlenary(dataDir);
  else if (kind === 'raw' && dataDir !== undefined) running = await startRaw(dataDir);
  else throw new Error('usage: provenance-server.child.ts plenary|raw <data dir>');
  serveToParent(running);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
