import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CommandOutcome } from '../../../../libs/event-store/src';
import { CommitmentsEvent, CommitteeEvent } from '../../../../libs/organization/src';
import { GraphQLContext, requireActor } from '../auth/request-context';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import { ReadModels } from '../infrastructure/read-models.service';
import { AppointCommitteeMemberCommand } from './appoint-committee-member/appoint-committee-member.command';
import { committeeActorOf } from './committee-authority';
import { FoundBranchCommand, FoundBranchResult } from './found-branch/found-branch.command';
import { OrganizationReadModel } from './organization.read-model';
import {
  AppointCommitteeMemberInput,
  Branch,
  Commitments,
  CommitteeChangePayload,
  CommitteeMember,
  FoundBranchInput,
  FoundBranchPayload,
  PublishCommitmentsInput,
  PublishCommitmentsPayload,
  RetireCommitteeMemberInput,
} from './organization.types';
import { PublishCommitmentsCommand } from './publish-commitments/publish-commitments.command';
import { RetireCommitteeMemberCommand } from './retire-committee-member/retire-committee-member.command';

const WAIT_FOR_POSITION = {
  type: () => String,
  nullable: true,
  description: 'Wait until the read models include this log position (from a mutation receipt) before answering',
} as const;

@Resolver()
export class OrganizationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: OrganizationReadModel,
    private readonly readModels: ReadModels,
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

  @Query(() => [CommitteeMember], { description: 'The sitting committee members, in order of appointment' })
  async committee(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
  ): Promise<CommitteeMember[]> {
    await this.readModels.waitFor(waitForPosition);
    return this.readModel.committee();
  }

  @Query(() => Commitments, {
    nullable: true,
    description: 'The current version of the commitments, or null before the first publication',
  })
  async commitments(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
  ): Promise<Commitments | null> {
    await this.readModels.waitFor(waitForPosition);
    return this.readModel.commitments();
  }

  @Query(() => [Branch], { description: 'National branches by name' })
  async branches(@Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined): Promise<Branch[]> {
    await this.readModels.waitFor(waitForPosition);
    return this.readModel.branches();
  }
}
