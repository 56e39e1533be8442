import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { InvalidInputError } from '../../../../libs/core/src';
import { ConventionEvent, DelegateBallotChoice, RulesOfProcedure } from '../../../../libs/convention/src';
import { CommandOutcome } from '../../../../libs/event-store/src';
import { GraphQLContext, requireActor, requireMember } from '../auth/request-context';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import {
  Page,
  PageArgs,
  TWO_UUIDS_KEY,
  UUID_KEY,
  decodeCursor,
  decodePositionAndId,
  pageSize,
} from '../graphql/connection';
import { UUID } from '../graphql/scalars';
import { AS_OF, WAIT_FOR_POSITION } from '../graphql/query-arguments';
import { ReadModelHistory } from '../infrastructure/read-model-history';
import { AdvanceConventionPhaseCommand } from './advance-convention-phase/advance-convention-phase.command';
import { AppointSecretariatMemberCommand } from './appoint-secretariat-member/appoint-secretariat-member.command';
import { CallConventionCommand, ConventionCommandResult } from './call-convention/call-convention.command';
import {
  CastDelegateBallotCommand,
  CastDelegateBallotResult,
} from './cast-delegate-ballot/cast-delegate-ballot.command';
import {
  CloseDelegateVotingCommand,
  CloseDelegateVotingResult,
} from './close-delegate-voting/close-delegate-voting.command';
import { ConsentToNominationCommand } from './consent-to-nomination/consent-to-nomination.command';
import { ConventionReadModel } from './convention.read-model';
import {
  DelegateElectionConnection,
  AdvanceConventionPhaseInput,
  AdvanceConventionPhasePayload,
  CallConventionInput,
  CastDelegateBallotInput,
  Convention,
  ConventionConnection,
  ConventionPayload,
  CredentialDelegateInput,
  DelegateElection,
  DelegateElectionInput,
  DelegateElectionPayload,
  DelegateRosterEntry,
  DelegateRosterEntryConnection,
  NominateDelegateInput,
  SecretariatMemberInput,
} from './convention.types';
import { CredentialDelegateCommand } from './credential-delegate/credential-delegate.command';
import { DeclineNominationCommand } from './decline-nomination/decline-nomination.command';
import { DelegateElectionResult, NominateDelegateCommand } from './nominate-delegate/nominate-delegate.command';
import { OpenDelegateVotingCommand } from './open-delegate-voting/open-delegate-voting.command';
import { RemoveSecretariatMemberCommand } from './remove-secretariat-member/remove-secretariat-member.command';
import { WithdrawAsDelegateCommand } from './withdraw-as-delegate/withdraw-as-delegate.command';

/** A ballot input names exactly one of its two forms. */
function ballotChoice(input: CastDelegateBallotInput): DelegateBallotChoice {
  const ranking = input.ranking ?? null;
  const approved = input.approved ?? null;
  if ((ranking === null) === (approved === null)) {
    throw new InvalidInputError([
      { field: 'ranking', message: 'give either a ranking (STV) or a list of approved candidates (APPROVAL)' },
    ]);
  }
  return ranking !== null
    ? { method: 'STV', ranking: ranking.map((id) => id.toLowerCase()) }
    : { method: 'APPROVAL', approved: (approved as string[]).map((id) => id.toLowerCase()) };
}

/** A chapter id, the key delegate elections are listed by. */

@Resolver()
export class ConventionResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: ConventionReadModel,
    private readonly history: ReadModelHistory,
  ) {}

  @Mutation(() => ConventionPayload, {
    description: 'Call a convention with its rules of procedure; a sitting committee member may, when none is running',
  })
  async callConvention(
    @Args('input') input: CallConventionInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<CallConventionCommand, ConventionCommandResult>(
      new CallConventionCommand(accepted, actor, input.title, input.rules as RulesOfProcedure),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), conventionId: result.conventionId };
  }

  @Mutation(() => ConventionPayload, {
    description: "Appoint an enrolled member to the convention's secretariat; a sitting committee member may",
  })
  async appointSecretariatMember(
    @Args('input') input: SecretariatMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const conventionId = input.conventionId.toLowerCase();
    const outcome = await this.commands.execute<AppointSecretariatMemberCommand, CommandOutcome<ConventionEvent>>(
      new AppointSecretariatMemberCommand(accepted, actor, conventionId, input.memberId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), conventionId };
  }

  @Mutation(() => ConventionPayload, {
    description: 'Remove a member from the secretariat; a sitting committee member may',
  })
  async removeSecretariatMember(
    @Args('input') input: SecretariatMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const conventionId = input.conventionId.toLowerCase();
    const outcome = await this.commands.execute<RemoveSecretariatMemberCommand, CommandOutcome<ConventionEvent>>(
      new RemoveSecretariatMemberCommand(accepted, actor, conventionId, input.memberId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), conventionId };
  }

  @Mutation(() => AdvanceConventionPhasePayload, {
    description:
      'Move the convention one phase forward once its conditions hold; a secretariat member may. Entering DELEGATE_SELECTION apportions the seats',
  })
  async advanceConventionPhase(
    @Args('input') input: AdvanceConventionPhaseInput,
    @Context() context: GraphQLContext,
  ): Promise<AdvanceConventionPhasePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const conventionId = input.conventionId.toLowerCase();
    const outcome = await this.commands.execute<AdvanceConventionPhaseCommand, CommandOutcome<ConventionEvent>>(
      new AdvanceConventionPhaseCommand(accepted, actor, conventionId, input.to),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), conventionId, phase: input.to };
  }

  @Mutation(() => DelegateElectionPayload, {
    description:
      "Nominate yourself or another member of your chapter for its delegate election; another member's nomination needs their consent",
  })
  async nominateDelegate(
    @Args('input') input: NominateDelegateInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<NominateDelegateCommand, DelegateElectionResult>(
      new NominateDelegateCommand(
        accepted,
        memberId,
        input.conventionId.toLowerCase(),
        input.chapterId.toLowerCase(),
        input.candidateId.toLowerCase(),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, { description: 'Consent to stand after being nominated' })
  async consentToNomination(
    @Args('input') input: DelegateElectionInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<ConsentToNominationCommand, DelegateElectionResult>(
      new ConsentToNominationCommand(
        accepted,
        memberId,
        input.conventionId.toLowerCase(),
        input.chapterId.toLowerCase(),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, { description: 'Decline a nomination (or withdraw before voting opens)' })
  async declineNomination(
    @Args('input') input: DelegateElectionInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<DeclineNominationCommand, DelegateElectionResult>(
      new DeclineNominationCommand(accepted, memberId, input.conventionId.toLowerCase(), input.chapterId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, {
    description: "Close nominations and open voting in a chapter's delegate election; a secretariat member may",
  })
  async openDelegateVoting(
    @Args('input') input: DelegateElectionInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<OpenDelegateVotingCommand, DelegateElectionResult>(
      new OpenDelegateVotingCommand(accepted, actor, input.conventionId.toLowerCase(), input.chapterId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, {
    description:
      "Cast or replace your ballot in your chapter's delegate election: a ranking for STV, approvals for APPROVAL",
  })
  async castDelegateBallot(
    @Args('input') input: CastDelegateBallotInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<CastDelegateBallotCommand, CastDelegateBallotResult>(
      new CastDelegateBallotCommand(
        accepted,
        memberId,
        input.conventionId.toLowerCase(),
        input.chapterId.toLowerCase(),
        ballotChoice(input),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, {
    description:
      'Close voting and count: ballots after the close do not count; delegates and alternates are recorded with the full working. A secretariat member may',
  })
  async closeDelegateVoting(
    @Args('input') input: DelegateElectionInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<CloseDelegateVotingCommand, CloseDelegateVotingResult>(
      new CloseDelegateVotingCommand(accepted, actor, input.conventionId.toLowerCase(), input.chapterId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, {
    description: 'Credential a seated delegate (or a seated alternate); a secretariat member may',
  })
  async credentialDelegate(
    @Args('input') input: CredentialDelegateInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<CredentialDelegateCommand, DelegateElectionResult>(
      new CredentialDelegateCommand(
        accepted,
        actor,
        input.conventionId.toLowerCase(),
        input.chapterId.toLowerCase(),
        input.memberId.toLowerCase(),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Mutation(() => DelegateElectionPayload, {
    description: "Give up your delegate seat (the chapter's next alternate takes it) or your place as alternate",
  })
  async withdrawAsDelegate(
    @Args('input') input: DelegateElectionInput,
    @Context() context: GraphQLContext,
  ): Promise<DelegateElectionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<WithdrawAsDelegateCommand, DelegateElectionResult>(
      new WithdrawAsDelegateCommand(
        accepted,
        memberId,
        input.conventionId.toLowerCase(),
        input.chapterId.toLowerCase(),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), electionId: result.electionId };
  }

  @Query(() => ConventionConnection, { description: 'Every convention, in the order it was called' })
  async conventions(
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Page<Convention>> {
    const after = decodePositionAndId(page.after);
    return (await this.modelAt(waitForPosition, asOf)).conventions(pageSize(page), after);
  }

  @Query(() => Convention, {
    nullable: true,
    description:
      'A convention with its phase, rules, secretariat and apportionment; the latest one when no id is given',
  })
  async convention(
    @Args('id', { type: () => ID, nullable: true, description: 'The convention; omit for the latest' })
    id: string | undefined,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Convention | null> {
    return (await this.modelAt(waitForPosition, asOf)).convention(
      id === undefined || id === null ? null : id.toLowerCase(),
    );
  }

  @Query(() => DelegateElection, {
    nullable: true,
    description: "A chapter's delegate election: nominations, status, ballot count and, once counted, the tally",
  })
  async delegateElection(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Args('chapterId', { type: () => ID }) chapterId: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<DelegateElection | null> {
    return (await this.modelAt(waitForPosition, asOf)).delegateElection(
      conventionId.toLowerCase(),
      chapterId.toLowerCase(),
    );
  }

  @Query(() => DelegateElectionConnection, {
    description: "A convention's delegate elections, one per chapter with seats, in chapter-id order",
  })
  async delegateElections(
    @Args('conventionId', { type: () => UUID }) conventionId: string,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Page<DelegateElection>> {
    const after = decodeCursor(page.after, UUID_KEY);
    return (await this.modelAt(waitForPosition, asOf)).delegateElections(conventionId, after, pageSize(page));
  }

  @Query(() => DelegateRosterEntryConnection, {
    description:
      'Delegates and alternates of a convention, with their seat and credential status: by chapter, delegates before alternates, then by rank',
  })
  async delegateRoster(
    @Args('conventionId', { type: () => ID }) conventionId: string,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Page<DelegateRosterEntry>> {
    const key = decodeCursor(page.after, TWO_UUIDS_KEY);
    const after = key === undefined ? null : { electionId: key.slice(0, 36), memberId: key.slice(37) };
    return (await this.modelAt(waitForPosition, asOf)).roster(conventionId.toLowerCase(), pageSize(page), after);
  }

  private modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<ConventionReadModel> {
    return this.history.readModelAt(waitForPosition, asOf, this.readModel, (source) => new ConventionReadModel(source));
  }
}
