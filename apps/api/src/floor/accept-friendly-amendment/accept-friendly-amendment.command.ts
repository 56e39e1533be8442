import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '../../../../../libs/core/src';
import { Inject } from '@nestjs/common';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { EVENT_STORE } from '../../infrastructure/tokens';
import {
  AmendmentEvent,
  amendmentDecider,
  amendmentFacts,
  amendmentStream,
  currentVersion,
  proposalDecider,
} from '../../../../../libs/proposals/src';
import { crashPoint } from '../../../../../libs/projections/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { loadFloorConvention } from '../floor-facts';
import { loadAmendment, loadProposal } from '../floor-streams';
import { FloorWorkflows } from '../floor-workflows';

/** The receipt names the amendment's stream (where the acceptance is recorded) and the position of the last effect. */
export interface FriendlyAcceptanceResult {
  readonly proposalId: string;
  readonly outcome: CommandOutcome<AmendmentEvent>;
}

export class AcceptFriendlyAmendmentCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly memberId: string,
    readonly amendmentId: string,
  ) {}
}

/**
 * The sponsor takes a primary amendment in without a vote, where the rules allow. The proposal
 * is first asked, without appending, whether it would take the amendment in, so the usual
 * refusals append nothing. Then the acceptance is recorded on the amendment's stream (with the
 * revision read, so an author's withdrawal at the same moment either comes first and refuses the
 * acceptance, or comes second and is refused), and the friendly-acceptance workflow makes the
 * proposal's new version and marks the amendments it overtakes in conflict (FloorWorkflows): at
 * once here, or after a crash by the process manager. The receipt's position covers all of it.
 */
@CommandHandler(AcceptFriendlyAmendmentCommand)
export class AcceptFriendlyAmendmentHandler implements ICommandHandler<
  AcceptFriendlyAmendmentCommand,
  FriendlyAcceptanceResult
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly workflows: FloorWorkflows,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The command that recorded the amendment's acceptance (none: an empty id, which matches nothing). */
  private async acceptanceCommandId(amendmentId: string): Promise<string> {
    const acceptance = (await this.store.readStream(amendmentStream(amendmentId))).find(
      (event) => event.type === 'AmendmentAcceptedAsFriendly',
    );
    return acceptance?.metadata.commandId ?? '';
  }

  async execute({
    accepted,
    memberId,
    amendmentId,
  }: AcceptFriendlyAmendmentCommand): Promise<FriendlyAcceptanceResult> {
    const amendment = await loadAmendment(this.runner, amendmentId);
    const { proposalId } = amendment;
    const proposal = await loadProposal(this.runner, proposalId);
    const floor = await loadFloorConvention(this.runner, proposal.conventionId);
    const acceptance = {
      proposalId,
      memberId,
      amendment: amendmentFacts(amendment),
      rules: floor.amendments,
      acceptedAt: accepted.acceptedAt,
    };
    if (amendment.status !== 'accepted-as-friendly') {
      proposalDecider.decide({ type: 'AcceptFriendlyAmendment', data: acceptance }, proposal);
    }
    const outcome = await this.runner.run(
      amendmentDecider,
      amendmentStream(amendmentId),
      accepted.envelope({
        type: 'MarkAmendmentAcceptedAsFriendly',
        data: {
          amendmentId,
          acceptedBy: memberId,
          proposalVersion: currentVersion(proposal).version + 1,
          acceptedAt: accepted.acceptedAt,
        },
      }),
    );
    crashPoint('friendly/after-acceptance');
    // Accepted already by another command: complete that acceptance's workflow, so this receipt covers it too.
    const acceptedIn = outcome.events.length > 0 ? accepted.commandId : await this.acceptanceCommandId(amendmentId);
    const done = await this.workflows.complete(outcome.streamName, acceptedIn, outcome.position);
    if (done.refusal !== null) throw done.refusal;
    // A retry of an acceptance the proposal could not take (and so revoked) is refused again.
    const now = await loadAmendment(this.runner, amendmentId);
    if (now.status !== 'accepted-as-friendly') {
      throw new DomainError(
        'CONFLICT',
        'FRIENDLY_ACCEPTANCE_REVOKED',
        `The proposal could not take amendment ${amendmentId} in, so its acceptance was revoked; it is ${now.status}`,
        { amendmentId, status: now.status },
      );
    }
    return { proposalId, outcome: { ...outcome, position: done.position } };
  }
}
