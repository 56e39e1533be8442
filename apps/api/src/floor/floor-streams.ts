import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Decider, DomainEvent } from '../../../../libs/core/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../libs/event-store/src';
import {
  AgendaFacts,
  AmendmentNotFoundError,
  KnownAmendment,
  KnownProposal,
  ProposalNotFoundError,
  agendaAmendment,
  agendaProposal,
  amendmentDecider,
  amendmentStream,
  currentVersion,
  proposalDecider,
  proposalStream,
} from '../../../../libs/proposals/src';
import { AcceptedCommand } from '../commands/command-envelope';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ReadModels } from '../infrastructure/read-models.service';
import { stepEnvelope } from './floor-facts';

export async function loadProposal(runner: CommandRunner, proposalId: string): Promise<KnownProposal> {
  const state = await runner.load(proposalDecider, proposalStream(proposalId));
  if (state.status === 'unknown') throw new ProposalNotFoundError(proposalId);
  return state;
}

export async function loadAmendment(runner: CommandRunner, amendmentId: string): Promise<KnownAmendment> {
  const state = await runner.load(amendmentDecider, amendmentStream(amendmentId));
  if (state.status === 'unknown') throw new AmendmentNotFoundError(amendmentId);
  return state;
}

/**
 * Reads across the floor's streams: which amendments a proposal has (from the read model, after
 * it has caught up with the whole log, so nothing just proposed is missed), the agenda facts a
 * vote needs, and the policy that marks amendments in conflict when what they amend moves on.
 */
@Injectable()
export class FloorStreams {
  private readonly amendmentIds: Database.Statement<[string], { amendment_id: string }>;

  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {
    this.amendmentIds = readModels.db.prepare(
      'SELECT amendment_id FROM floor_amendments WHERE proposal_id = ? ORDER BY position, amendment_id',
    );
  }

  /** Every amendment of the proposal, in the order proposed, as of the head of the log. */
  async amendmentsOf(proposalId: string): Promise<KnownAmendment[]> {
    await this.readModels.waitFor((await this.store.headPosition()).toString());
    const ids = this.amendmentIds.all(proposalId).map((row) => row.amendment_id);
    return Promise.all(ids.map((id) => loadAmendment(this.runner, id)));
  }

  /** The agenda facts of the given proposals: what a vote on them or their amendments must respect. */
  async agendaOf(proposalIds: readonly string[]): Promise<AgendaFacts> {
    const proposals: AgendaFacts['proposals'] = [];
    const amendments: AgendaFacts['amendments'] = [];
    for (const proposalId of proposalIds) {
      const state = await this.runner.load(proposalDecider, proposalStream(proposalId));
      if (state.status === 'unknown') continue;
      proposals.push(agendaProposal(state));
      amendments.push(...(await this.amendmentsOf(proposalId)).map(agendaAmendment));
    }
    return { proposals, amendments };
  }

  /**
   * The policy that reacts to a new version of a proposal or a new revision of an amendment: every
   * undecided amendment drafted on an older one falls into conflict until its author rebases it.
   * Each mark is a step of the workflow (or command) that made the new version, so a retry
   * completes it.
   */
  async markConflicts(steps: FloorSteps, proposalId: string): Promise<void> {
    const proposal = await loadProposal(this.runner, proposalId);
    const amendments = await this.amendmentsOf(proposalId);
    const byId = new Map(amendments.map((amendment) => [amendment.amendmentId, amendment]));
    for (const amendment of amendments) {
      if (amendment.status !== 'pending' && amendment.status !== 'under-vote') continue;
      const current =
        amendment.parentAmendmentId === null
          ? currentVersion(proposal).version
          : (byId.get(amendment.parentAmendmentId)?.revision ?? amendment.baseVersion);
      // Marked already or not, the step runs: a repeat of it replays and reports where it was written.
      if (current <= amendment.baseVersion) continue;
      await steps.run(
        amendmentDecider,
        amendmentStream(amendment.amendmentId),
        `conflict/${amendment.amendmentId}/${current}`,
        {
          type: 'MarkAmendmentInConflict' as const,
          data: { amendmentId: amendment.amendmentId, currentVersion: current, detectedAt: steps.at },
        },
      );
    }
  }
}

/**
 * The steps of a multi-stream change: a process manager's `WorkflowSteps`, or `commandSteps` for
 * the steps a command takes itself. Either way a step's command id is derived, so it runs once.
 */
export interface FloorSteps {
  readonly at: string;
  run<Command, Event extends DomainEvent, State>(
    decider: Decider<Command, Event, State>,
    streamName: string,
    step: string,
    command: Command,
  ): Promise<CommandOutcome<Event>>;
}

/** The steps of one command, with ids derived from its command id (see `stepEnvelope`). */
export function commandSteps(
  runner: CommandRunner,
  accepted: AcceptedCommand,
): FloorSteps & { readonly position: bigint } {
  let last = 0n;
  return {
    at: accepted.acceptedAt,
    /** The highest position a step wrote (or found written): what the command's receipt must cover. */
    get position() {
      return last;
    },
    async run(decider, streamName, step, command) {
      const outcome = await runner.run(decider, streamName, stepEnvelope(accepted, step, command));
      if (outcome.events.length > 0 && outcome.position > last) last = outcome.position;
      return outcome;
    },
  };
}
