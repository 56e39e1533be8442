import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '../../../../../libs/core/src';
import {
  ConventionEvent,
  ConventionPhase,
  NotOnSecretariatError,
  PhaseFacts,
  conventionDecider,
  conventionStream,
  delegateSelectionKeyId,
  isOnSecretariat,
} from '../../../../../libs/convention/src';
import { CommandOutcome, CommandRunner, EventStore } from '../../../../../libs/event-store/src';
import { AcceptedCommand } from '../../commands/command-envelope';
import { PLENARY_CONFIG, PlenaryConfig } from '../../config/plenary-config';
import { ReadModels } from '../../infrastructure/read-models.service';
import { EVENT_STORE, KEY_VAULT } from '../../infrastructure/tokens';
import { KeyVault } from '../../../../../libs/privacy/src';
import { MembershipReadModel } from '../../membership/membership.read-model';
import { conventionActorId, loadConventions, talliedElections } from '../convention-facts';
import { PhaseConditions } from '../phase-conditions';

export class AdvanceConventionPhaseCommand {
  constructor(
    readonly accepted: AcceptedCommand,
    readonly actor: Actor,
    readonly conventionId: string,
    readonly to: ConventionPhase,
  ) {}
}

/**
 * Gathers the facts the next phase depends on, then lets the decider check them. Entering
 * DELEGATE_SELECTION counts members per chapter in the membership read model once it has
 * caught up with the log head, and records the read model's position as the cut-off.
 */
@CommandHandler(AdvanceConventionPhaseCommand)
export class AdvanceConventionPhaseHandler implements ICommandHandler<
  AdvanceConventionPhaseCommand,
  CommandOutcome<ConventionEvent>
> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
    private readonly membership: MembershipReadModel,
    private readonly conditions: PhaseConditions,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(PLENARY_CONFIG) private readonly config: PlenaryConfig,
  ) {}

  async execute({
    accepted,
    actor,
    conventionId,
    to,
  }: AdvanceConventionPhaseCommand): Promise<CommandOutcome<ConventionEvent>> {
    const state = await loadConventions(this.runner);
    const advancedBy = conventionActorId(actor);
    // Checked again by the decider; checking first spares an outsider's request the facts' cost.
    if (state.current?.conventionId === conventionId && !isOnSecretariat(state, conventionId, advancedBy)) {
      throw new NotOnSecretariatError(advancedBy, conventionId);
    }
    let facts: PhaseFacts = {};
    if (to === 'DELEGATE_SELECTION' && state.current?.phase === 'CALLED') {
      await this.readModels.waitFor((await this.store.headPosition()).toString());
      // No await between these two lines: the counts are exactly those at this position.
      const chapters = this.membership.chapterMemberCounts();
      facts = {
        membership: { cutoffPosition: this.readModels.position.toString(), chapters },
        // Half the append limit per page leaves room for the envelope and a second page.
        pageBytes: Math.floor(this.config.maxAppendBytes / 2),
      };
    } else if (to === 'PROPOSAL_SUBMISSION' && state.current?.phase === 'DELEGATE_SELECTION') {
      facts = { talliedElections: await talliedElections(this.runner, state, conventionId) };
    }
    const from = state.current?.conventionId === conventionId ? state.current.phase : null;
    if (from !== null) {
      const blockers = await this.conditions.blockers(conventionId, from, to);
      if (blockers.length > 0) facts = { ...facts, blockers };
    }
    const outcome = await this.runner.run(
      conventionDecider,
      conventionStream(),
      accepted.envelope({
        type: 'AdvanceConventionPhase',
        data: { conventionId, to, advancedBy, advancedAt: accepted.acceptedAt, facts },
      }),
    );
    // Every chapter has counted: the delegate ballots can never again be linked to their voters.
    if (from === 'DELEGATE_SELECTION') await this.vault.destroyVoteKey(delegateSelectionKeyId(conventionId));
    return outcome;
  }
}
