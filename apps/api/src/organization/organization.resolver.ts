import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CommandOutcome } from '../../../../libs/event-store/src';
import {
  CommitmentsEvent,
  CommitteeEvent,
  InterimDecisionEvent,
  InterimRules,
  InterimRulesEvent,
} from '../../../../libs/organization/src';
import { GraphQLContext, requireActor, requireMember } from '../auth/request-context';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import { ReadModelHistory } from '../infrastructure/read-model-history';
import { PageArgs, decodePositionAndId, pageSize } from '../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../graphql/query-arguments';
import { AppointCommitteeMemberCommand } from './appoint-committee-member/appoint-committee-member.command';
import { CloseInterimDecisionCommand } from './close-interim-decision/close-interim-decision.command';
import { committeeActorOf } from './committee-authority';
import { FoundBranchCommand, FoundBranchResult } from './found-branch/found-branch.command';
import { OrganizationReadModel } from './organization.read-model';
import {
  AppointCommitteeMemberInput,
  Branch,
  Commitments,
  CloseInterimDecisionInput,
  CloseInterimDecisionPayload,
  CommitteeChangePayload,
  CommitteeMember,
  FoundBranchInput,
  FoundBranchPayload,
  InterimDecisionConnection,
  InterimDecisionPayload,
  InterimDecisionStatus,
  InterimRulesInput,
  InterimRulesView,
  ProposeInterimDecisionInput,
  PublishCommitmentsInput,
  PublishCommitmentsPayload,
  RetireCommitteeMemberInput,
  SetInterimRulesInput,
  SetInterimRulesPayload,
  VoteOnInterimDecisionInput,
} from './organization.types';
import {
  ProposeInterimDecisionCommand,
  ProposeInterimDecisionResult,
} from './propose-interim-decision/propose-interim-decision.command';
import { PublishCommitmentsCommand } from './publish-commitments/publish-commitments.command';
import { SetInterimRulesCommand } from './set-interim-rules/set-interim-rules.command';
import { RetireCommitteeMemberCommand } from './retire-committee-member/retire-committee-member.command';
import { VoteOnInterimDecisionCommand } from './vote-on-interim-decision/vote-on-interim-decision.command';

/** The domain's form of interim rules given over GraphQL. */
function interimRulesOf(input: InterimRulesInput): InterimRules {
  return {
    decisions: {
      minimumSupport: { numerator: input.minimumSupport.numerator, denominator: input.minimumSupport.denominator },
      maximumObjections: input.maximumObjections,
      allowedKinds: input.allowedKinds ?? null,
    },
    minimumChapterFounders: input.minimumChapterFounders,
  };
}

@Resolver()
export class OrganizationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: OrganizationReadModel,
    private readonly history: ReadModelHistory,
  ) {}

  @Mutation(() => CommitteeChangePayload, {
    description:
      'Appoint an enrolled member to the committee: the first by an operator, every later one by a sitting member',
  })
  async appointCommitteeMember(
    @Args('input') input: AppointCommitteeMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<CommitteeChangePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const memberId = input.memberId.toLowerCase();
    const outcome = await this.commands.execute<AppointCommitteeMemberCommand, CommandOutcome<CommitteeEvent>>(
      new AppointCommitteeMemberCommand(accepted, committeeActorOf(actor), memberId),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), memberId };
  }

  @Mutation(() => CommitteeChangePayload, {
    description: 'Retire a member from the committee; only a sitting member may, and never the last one',
  })
  async retireCommitteeMember(
    @Args('input') input: RetireCommitteeMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<CommitteeChangePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const memberId = input.memberId.toLowerCase();
    const outcome = await this.commands.execute<RetireCommitteeMemberCommand, CommandOutcome<CommitteeEvent>>(
      new RetireCommitteeMemberCommand(accepted, committeeActorOf(actor), memberId),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), memberId };
  }

  @Mutation(() => PublishCommitmentsPayload, {
    description:
      'Publish a new version of the commitments: an operator before the committee has members, afterwards a sitting member',
  })
  async publishCommitments(
    @Args('input') input: PublishCommitmentsInput,
    @Context() context: GraphQLContext,
  ): Promise<PublishCommitmentsPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const outcome = await this.commands.execute<PublishCommitmentsCommand, CommandOutcome<CommitmentsEvent>>(
      new PublishCommitmentsCommand(accepted, committeeActorOf(actor), input.principles),
    );
    const published = outcome.events.find((event) => event.type === 'CommitmentsPublished');
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), version: published?.data.version ?? 0 };
  }

  @Mutation(() => FoundBranchPayload, {
    description: 'Found a national branch: an operator before the committee has members, afterwards a sitting member',
  })
  async foundBranch(
    @Args('input') input: FoundBranchInput,
    @Context() context: GraphQLContext,
  ): Promise<FoundBranchPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<FoundBranchCommand, FoundBranchResult>(
      new FoundBranchCommand(accepted, committeeActorOf(actor), input.name, input.countryCode),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), branchId: result.branchId };
  }

  @Mutation(() => InterimDecisionPayload, {
    description:
      'Put a decision to the committee; only a sitting member may, and only the members sitting now may vote on it',
  })
  async proposeInterimDecision(
    @Args('input') input: ProposeInterimDecisionInput,
    @Context() context: GraphQLContext,
  ): Promise<InterimDecisionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<ProposeInterimDecisionCommand, ProposeInterimDecisionResult>(
      new ProposeInterimDecisionCommand(
        accepted,
        committeeActorOf(actor),
        input.kind,
        input.title,
        input.text,
        input.deadline,
        input.interimRules ? interimRulesOf(input.interimRules) : null,
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), decisionId: result.decisionId };
  }

  @Mutation(() => InterimDecisionPayload, {
    description: 'Vote on an open interim decision; only members of the committee it was put to may',
  })
  async voteOnInterimDecision(
    @Args('input') input: VoteOnInterimDecisionInput,
    @Context() context: GraphQLContext,
  ): Promise<InterimDecisionPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const decisionId = input.decisionId.toLowerCase();
    const outcome = await this.commands.execute<VoteOnInterimDecisionCommand, CommandOutcome<InterimDecisionEvent>>(
      new VoteOnInterimDecisionCommand(accepted, memberId, decisionId, input.vote),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), decisionId };
  }

  @Mutation(() => CloseInterimDecisionPayload, {
    description:
      'Close voting: any sitting committee member may, after the deadline or earlier once the outcome is certain (adoption or lapse)',
  })
  async closeInterimDecision(
    @Args('input') input: CloseInterimDecisionInput,
    @Context() context: GraphQLContext,
  ): Promise<CloseInterimDecisionPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const decisionId = input.decisionId.toLowerCase();
    const outcome = await this.commands.execute<CloseInterimDecisionCommand, CommandOutcome<InterimDecisionEvent>>(
      new CloseInterimDecisionCommand(accepted, committeeActorOf(actor), decisionId),
    );
    const adopted = outcome.events.some((event) => event.type === 'InterimDecisionAdopted');
    return {
      receipt: CommandReceipt.of(accepted.commandId, outcome),
      decisionId,
      status: adopted ? InterimDecisionStatus.ADOPTED : InterimDecisionStatus.LAPSED,
    };
  }

  @Mutation(() => SetInterimRulesPayload, {
    description:
      'Set the interim rules: an operator before the committee has members, afterwards a sitting member applying an adopted interim decision of kind "interim-rules"',
  })
  async setInterimRules(
    @Args('input') input: SetInterimRulesInput,
    @Context() context: GraphQLContext,
  ): Promise<SetInterimRulesPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const rules = interimRulesOf(input.rules);
    const outcome = await this.commands.execute<SetInterimRulesCommand, CommandOutcome<InterimRulesEvent>>(
      new SetInterimRulesCommand(
        accepted,
        committeeActorOf(actor),
        rules,
        input.authorizedByDecisionId?.toLowerCase() ?? null,
      ),
    );
    const set = outcome.events.find((event) => event.type === 'InterimRulesSet');
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), version: set?.data.version ?? 0 };
  }

  @Query(() => InterimRulesView, { description: 'The interim rules in force' })
  async interimRules(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InterimRulesView> {
    return (await this.modelAt(waitForPosition, asOf)).interimRules();
  }

  @Query(() => [CommitteeMember], { description: 'The sitting committee members, in order of appointment' })
  async committee(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<CommitteeMember[]> {
    return (await this.modelAt(waitForPosition, asOf)).committee();
  }

  @Query(() => Commitments, {
    nullable: true,
    description: 'The current version of the commitments, or null before the first publication',
  })
  async commitments(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Commitments | null> {
    return (await this.modelAt(waitForPosition, asOf)).commitments();
  }

  @Query(() => [Branch], { description: 'National branches by name' })
  async branches(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Branch[]> {
    return (await this.modelAt(waitForPosition, asOf)).branches();
  }

  @Query(() => InterimDecisionConnection, { description: 'Interim decisions of the committee, in order of proposal' })
  async interimDecisions(
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof InterimDecisionConnection>> {
    const after = decodePositionAndId(page.after);
    return (await this.modelAt(waitForPosition, asOf)).interimDecisions(pageSize(page), after) as InstanceType<
      typeof InterimDecisionConnection
    >;
  }

  private modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<OrganizationReadModel> {
    return this.history.readModelAt(
      waitForPosition,
      asOf,
      this.readModel,
      (source) => new OrganizationReadModel(source),
    );
  }
}
