import { KeyVault } from '../libs/privacy/src';
import { PhaseConditions } from '../apps/api/src/convention/phase-conditions';
import 'reflect-metadata';
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AcceptedCommand, acceptCommand } from '../apps/api/src/commands/command-envelope';
import { PlenaryConfig, loadConfig } from '../apps/api/src/config/plenary-config';
import { AdvanceConventionPhaseHandler } from '../apps/api/src/convention/advance-convention-phase/advance-convention-phase.command';
import { CastDelegateBallotHandler } from '../apps/api/src/convention/cast-delegate-ballot/cast-delegate-ballot.command';
import { CloseDelegateVotingHandler } from '../apps/api/src/convention/close-delegate-voting/close-delegate-voting.command';
import { ConsentToNominationHandler } from '../apps/api/src/convention/consent-to-nomination/consent-to-nomination.command';
import { NominateDelegateHandler } from '../apps/api/src/convention/nominate-delegate/nominate-delegate.command';
import { OpenDelegateVotingHandler } from '../apps/api/src/convention/open-delegate-voting/open-delegate-voting.command';
import { ReadModels } from '../apps/api/src/infrastructure/read-models.service';
import { MembershipReadModel } from '../apps/api/src/membership/membership.read-model';
import { Actor, entityIdFor } from '../libs/core/src';
import { PROPOSAL_KINDS, RulesOfProcedure, conventionDecider, conventionStream } from '../libs/convention/src';
import { CommandRunner, SqliteEventStore } from '../libs/event-store/src';
import { ProjectionRunner, allProjections, openReadModelDatabase } from '../libs/projections/src';
import type { PlannedAppend } from './membership-log';

/**
 * The convention slice as the API wires it, without HTTP: the same event store, command runner,
 * projection runner (every projection the API runs), read models and command handlers, built by
 * hand instead of by Nest's injector. What the handlers do is exactly what a mutation does
 * after its input has been validated and its token checked.
 */
export class ConventionFixture {
  readonly commands: CommandRunner;
  readonly projections: ProjectionRunner;
  readonly readModels: ReadModels;
  readonly membership: MembershipReadModel;
  readonly advancePhase: AdvanceConventionPhaseHandler;
  readonly nominate: NominateDelegateHandler;
  readonly consent: ConsentToNominationHandler;
  readonly openVoting: OpenDelegateVotingHandler;
  readonly castBallot: CastDelegateBallotHandler;
  readonly closeVoting: CloseDelegateVotingHandler;

  private constructor(
    readonly config: PlenaryConfig,
    readonly store: SqliteEventStore,
    readonly db: Database.Database,
  ) {
    this.commands = new CommandRunner(store);
    this.projections = new ProjectionRunner(store, db, allProjections);
    this.projections.initialize();
    this.readModels = new ReadModels(db, this.projections, config);
    const vault = KeyVault.open(config.keyVaultPath);
    this.membership = new MembershipReadModel(this.readModels, vault);
    this.advancePhase = new AdvanceConventionPhaseHandler(
      this.commands,
      store,
      this.readModels,
      this.membership,
      new PhaseConditions(),
      vault,
      config,
    );
    this.nominate = new NominateDelegateHandler(this.commands);
    this.consent = new ConsentToNominationHandler(this.commands);
    this.openVoting = new OpenDelegateVotingHandler(this.commands, vault);
    this.castBallot = new CastDelegateBallotHandler(this.commands, vault, store);
    this.closeVoting = new CloseDelegateVotingHandler(this.commands, store);
  }

  /** The data directory's event store and read models, as `loadConfig` places them. */
  static open(dataDir: string): ConventionFixture {
    const config = loadConfig({ PLENARY_DATA_DIR: dataDir, PLENARY_LOG_LEVEL: 'silent' });
    if (config.store.kind !== 'sqlite') throw new Error('the benchmarks run on the SQLite store');
    return new ConventionFixture(
      config,
      SqliteEventStore.open({ path: config.store.path }),
      openReadModelDatabase(config.readModelPath),
    );
  }

  async write(appends: Iterable<PlannedAppend>): Promise<number> {
    let count = 0;
    for (const append of appends) {
      await this.store.appendToStream(append.stream, append.events, { expectedRevision: append.expectedRevision });
      count += 1;
    }
    return count;
  }

  async close(): Promise<void> {
    await this.projections.stop();
    await this.store.close();
    this.db.close();
  }
}

/** A command as a resolver would accept it: a new command id, the actor, the time now. */
export function accepted(actor: Actor): AcceptedCommand {
  return acceptCommand({ actor, authError: null, correlationId: randomUUID() }, {}, actor);
}

export function memberActor(memberId: string): Actor {
  return { kind: 'member', memberId };
}

/** The convention's public lot seed; apportionment and elections derive theirs from it. */
export const BENCH_LOT_SEED = 'plenary benchmark';

/** Rules of procedure as a committee might set them; no deadlines, so phases move when asked. */
export function benchRules(totalSeats: number, minimumSeatsPerChapter: number): RulesOfProcedure {
  return {
    thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: '2/3' })),
    quorum: '1/2',
    amendmentDepth: 2,
    friendlyAmendments: true,
    seconders: 2,
    deadlines: [],
    totalSeats,
    minimumSeatsPerChapter,
    apportionmentMethod: 'SAINTE_LAGUE',
    electionMethod: 'STV',
    alternatesPerChapter: 3,
    lotSeed: BENCH_LOT_SEED,
  };
}

/**
 * Calls a convention and appoints one secretariat member through the convention decider, as
 * CallConventionHandler and AppointSecretariatMemberHandler do once they have checked that the
 * caller sits on the committee (a check on the committee stream, left out here so that the
 * log holds only membership and convention events). Returns the convention's id.
 */
export async function callConvention(
  commands: CommandRunner,
  rules: RulesOfProcedure,
  committeeMemberId: string,
  secretaryId: string,
): Promise<string> {
  const call = accepted(memberActor(committeeMemberId));
  const conventionId = entityIdFor('convention', call.commandId);
  await commands.run(
    conventionDecider,
    conventionStream(),
    call.envelope({
      type: 'CallConvention',
      data: {
        conventionId,
        title: 'Founding convention',
        rules,
        calledBy: committeeMemberId,
        calledAt: call.acceptedAt,
      },
    }),
  );
  const appoint = accepted(memberActor(committeeMemberId));
  await commands.run(
    conventionDecider,
    conventionStream(),
    appoint.envelope({
      type: 'AppointSecretariatMember',
      data: { conventionId, memberId: secretaryId, appointedBy: committeeMemberId, appointedAt: appoint.acceptedAt },
    }),
  );
  return conventionId;
}

/** Copies a closed data directory (SQLite files with any WAL beside them) into an empty one. */
export function copyDataDir(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (existsSync(source)) copyFileSync(source, join(to, name));
  }
}
