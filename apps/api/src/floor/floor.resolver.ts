import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { InvalidInputError } from '../../../../libs/core/src';
import { ClauseOperation, ConventionBallot } from '../../../../libs/proposals/src';
import { GraphQLContext, requireActor, requireMember } from '../auth/request-context';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import {
  ANY_ID_KEY,
  POSITION_AND_ANY_ID_KEY,
  Page,
  PageArgs,
  decodeCursor,
  decodePositionAndId,
  pageSize,
} from '../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../graphql/query-arguments';
import { ReadModelHistory } from '../infrastructure/read-model-history';
import { ReadModels } from '../infrastructure/read-models.service';
import {
  AcceptFriendlyAmendmentCommand,
  FriendlyAcceptanceResult,
} from './accept-friendly-amendment/accept-friendly-amendment.command';
import {
  CastConventionVoteCommand,
  CastConventionVoteResult,
} from './cast-convention-vote/cast-convention-vote.command';
import { CloseConventionVoteCommand } from './close-convention-vote/close-convention-vote.command';
import { proposalKindOf } from './floor-facts';
import { FloorReadModel } from './floor.read-model';
import {
  AgendaItem,
  AmendmentConnection,
  AmendmentInput,
  AmendmentPayload,
  Charter,
  CharterEntryKind,
  CharterEntry,
  CharterEntryConnection,
  CharterRule,
  CharterRuleConnection,
  ClauseOperationInput,
  ClauseOperationKind,
  CastConventionVoteInput,
  ConventionVote,
  ConventionVoteConnection,
  ConventionVoteInput,
  ConventionVotePayload,
  OpenConventionVoteInput,
  Proposal,
  ProposalConnection,
  ProposalInput,
  ProposalPayload,
  ProposeAmendmentInput,
  RebaseAmendmentInput,
  RollCallEntry,
  RollCallEntryConnection,
  SubmitProposalInput,
} from './floor.types';
import {
  ConventionVoteResult,
  OpenConventionVoteCommand,
  VoteSubjectRequest,
} from './open-convention-vote/open-convention-vote.command';
import { AmendmentCommandResult, ProposeAmendmentCommand } from './propose-amendment/propose-amendment.command';
import { RebaseAmendmentCommand } from './rebase-amendment/rebase-amendment.command';
import { SecondProposalCommand } from './second-proposal/second-proposal.command';
import { ProposalCommandResult, SubmitProposalCommand } from './submit-proposal/submit-proposal.command';
import { WithdrawAmendmentCommand } from './withdraw-amendment/withdraw-amendment.command';
import { WithdrawProposalCommand } from './withdraw-proposal/withdraw-proposal.command';

function operationsOf(inputs: readonly ClauseOperationInput[]): ClauseOperation[] {
  return inputs.map((input, index) => {
    if (input.op === ClauseOperationKind.STRIKE) return { op: 'strike', clause: input.clause };
    if (input.text === undefined || input.text === null) {
      throw new InvalidInputError([
        { field: `operations[${index}].text`, message: 'REPLACE and INSERT_AFTER need a text' },
      ]);
    }
    return {
      op: input.op === ClauseOperationKind.REPLACE ? 'replace' : 'insert-after',
      clause: input.clause,
      text: input.text,
    };
  });
}

/** The input names exactly one subject. */
function subjectOf(input: OpenConventionVoteInput): VoteSubjectRequest {
  const given = [input.amendmentId, input.proposalId, input.competingProposalIds].filter(
    (value) => value !== undefined && value !== null,
  );
  if (given.length !== 1) {
    throw new InvalidInputError([
      { field: 'amendmentId', message: 'name exactly one of amendmentId, proposalId or competingProposalIds' },
    ]);
  }
  if (input.amendmentId) return { kind: 'amendment', amendmentId: input.amendmentId.toLowerCase() };
  if (input.proposalId) return { kind: 'proposal', proposalId: input.proposalId.toLowerCase() };
  if (input.subject === undefined || input.subject === null) {
    throw new InvalidInputError([
      { field: 'subject', message: 'competing proposals are put to the vote on their subject' },
    ]);
  }
  return {
    kind: 'competing-proposals',
    subject: input.subject,
    proposalIds: (input.competingProposalIds ?? []).map((id) => id.toLowerCase()),
  };
}

/** The input carries exactly one of a choice and a ranking. */
function ballotOf(input: CastConventionVoteInput): ConventionBallot {
  const choice = input.choice ?? null;
  const ranking = input.ranking ?? null;
  if ((choice === null) === (ranking === null)) {
    throw new InvalidInputError([
      { field: 'choice', message: 'give either a choice (yes/no vote) or a ranking (ranked vote)' },
    ]);
  }
  return choice !== null
    ? { method: 'yes-no', choice: choice.toLowerCase() as 'yes' | 'no' | 'abstain' }
    : { method: 'ranked', ranking: (ranking as string[]).map((id) => id.toLowerCase()) };
}

@Resolver()
export class FloorResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: FloorReadModel,
    private readonly readModels: ReadModels,
    private readonly history: ReadModelHistory,
  ) {}

  @Mutation(() => ProposalPayload, {
    description:
      'Submit a proposal as its sponsor: a credentialed delegate of the running convention, in PROPOSAL_SUBMISSION before its deadline',
  })
  async submitProposal(
    @Args('input') input: SubmitProposalInput,
    @Context() context: GraphQLContext,
  ): Promise<ProposalPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<SubmitProposalCommand, ProposalCommandResult>(
      new SubmitProposalCommand(
        accepted,
        memberId,
        input.conventionId.toLowerCase(),
        proposalKindOf(input.kind),
        input.title,
        input.subject ?? null,
        input.clauses,
        {
          ruleId: input.ruleId?.toLowerCase() ?? null,
          ruleVersion: input.ruleVersion ?? null,
          bodyName: input.bodyName ?? null,
          composition: input.composition ?? null,
        },
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), proposalId: result.proposalId };
  }

  @Mutation(() => ProposalPayload, {
    description: 'Second a proposal; a credentialed delegate other than its sponsor may',
  })
  async secondProposal(
    @Args('input') input: ProposalInput,
    @Context() context: GraphQLContext,
  ): Promise<ProposalPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<SecondProposalCommand, ProposalCommandResult>(
      new SecondProposalCommand(accepted, memberId, input.proposalId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), proposalId: result.proposalId };
  }

  @Mutation(() => ProposalPayload, { description: 'Withdraw your proposal before it is put to a vote' })
  async withdrawProposal(
    @Args('input') input: ProposalInput,
    @Context() context: GraphQLContext,
  ): Promise<ProposalPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<WithdrawProposalCommand, ProposalCommandResult>(
      new WithdrawProposalCommand(accepted, memberId, input.proposalId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), proposalId: result.proposalId };
  }

  @Mutation(() => AmendmentPayload, {
    description:
      'Propose an amendment (primary, or secondary to a primary, up to the depth the rules allow) against a named version, in AMENDMENT before its deadline',
  })
  async proposeAmendment(
    @Args('input') input: ProposeAmendmentInput,
    @Context() context: GraphQLContext,
  ): Promise<AmendmentPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<ProposeAmendmentCommand, AmendmentCommandResult>(
      new ProposeAmendmentCommand(
        accepted,
        memberId,
        input.proposalId.toLowerCase(),
        input.parentAmendmentId?.toLowerCase() ?? null,
        input.baseVersion ?? null,
        operationsOf(input.operations),
      ),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), amendmentId: result.amendmentId };
  }

  @Mutation(() => AmendmentPayload, {
    description: 'Redraft your amendment on the current version of what it amends, which ends its conflict',
  })
  async rebaseAmendment(
    @Args('input') input: RebaseAmendmentInput,
    @Context() context: GraphQLContext,
  ): Promise<AmendmentPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<RebaseAmendmentCommand, AmendmentCommandResult>(
      new RebaseAmendmentCommand(accepted, memberId, input.amendmentId.toLowerCase(), operationsOf(input.operations)),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), amendmentId: result.amendmentId };
  }

  @Mutation(() => AmendmentPayload, { description: 'Withdraw your pending amendment' })
  async withdrawAmendment(
    @Args('input') input: AmendmentInput,
    @Context() context: GraphQLContext,
  ): Promise<AmendmentPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<WithdrawAmendmentCommand, AmendmentCommandResult>(
      new WithdrawAmendmentCommand(accepted, memberId, input.amendmentId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), amendmentId: result.amendmentId };
  }

  @Mutation(() => ProposalPayload, {
    description:
      "As the proposal's sponsor, accept a primary amendment as friendly (where the rules allow): a new version without a vote",
  })
  async acceptFriendlyAmendment(
    @Args('input') input: AmendmentInput,
    @Context() context: GraphQLContext,
  ): Promise<ProposalPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<AcceptFriendlyAmendmentCommand, FriendlyAcceptanceResult>(
      new AcceptFriendlyAmendmentCommand(accepted, memberId, input.amendmentId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), proposalId: result.proposalId };
  }

  @Mutation(() => ConventionVotePayload, {
    description:
      'Open a roll-call vote in VOTING; a secretariat member may, when the agenda allows (amendments are voted before what they amend)',
  })
  async openConventionVote(
    @Args('input') input: OpenConventionVoteInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionVotePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<OpenConventionVoteCommand, ConventionVoteResult>(
      new OpenConventionVoteCommand(accepted, actor, input.conventionId.toLowerCase(), subjectOf(input)),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), voteId: result.voteId };
  }

  @Mutation(() => ConventionVotePayload, {
    description:
      "Cast or change your seat's ballot until the close; a credentialed delegate, or the alternate seated in their place, may",
  })
  async castConventionVote(
    @Args('input') input: CastConventionVoteInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionVotePayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<CastConventionVoteCommand, CastConventionVoteResult>(
      new CastConventionVoteCommand(accepted, memberId, input.voteId.toLowerCase(), ballotOf(input)),
    );
    return {
      receipt: CommandReceipt.of(accepted.commandId, result.outcome),
      voteId: result.voteId,
      seatId: result.seatId,
    };
  }

  @Mutation(() => ConventionVotePayload, {
    description:
      'Close a vote, record its tally and working, and carry out the decision (new version, or enactment in the charter); a secretariat member may',
  })
  async closeConventionVote(
    @Args('input') input: ConventionVoteInput,
    @Context() context: GraphQLContext,
  ): Promise<ConventionVotePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<CloseConventionVoteCommand, ConventionVoteResult>(
      new CloseConventionVoteCommand(accepted, actor, input.voteId.toLowerCase()),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), voteId: result.voteId };
  }

  @Query(() => ProposalConnection, { description: 'Proposals in order of submission, of one convention or of all' })
  async proposals(
    @Args('conventionId', { type: () => ID, nullable: true, description: 'The convention; all when left out' })
    conventionId: string | undefined,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof ProposalConnection>> {
    const after = decodePositionAndId(page.after);
    return (await this.modelAt(waitForPosition, asOf)).proposals(
      conventionId ? conventionId.toLowerCase() : null,
      pageSize(page),
      after,
    ) as InstanceType<typeof ProposalConnection>;
  }

  @Query(() => Proposal, { nullable: true, description: 'One proposal with every version of its text' })
  async proposal(
    @Args('id', { type: () => ID, description: 'The proposal' }) id: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Proposal | null> {
    return (await this.modelAt(waitForPosition, asOf)).proposal(id.toLowerCase());
  }

  @Query(() => AmendmentConnection, {
    description: "A proposal's amendments (primary and secondary) in order proposed",
  })
  async amendments(
    @Args('proposalId', { type: () => ID, description: 'The proposal' }) proposalId: string,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof AmendmentConnection>> {
    const after = decodePositionAndId(page.after);
    return (await this.modelAt(waitForPosition, asOf)).amendments(
      proposalId.toLowerCase(),
      pageSize(page),
      after,
    ) as InstanceType<typeof AmendmentConnection>;
  }

  @Query(() => [AgendaItem], {
    description:
      'The votes still to take, in order (secondary amendments, then primaries, then the main motion), and which may open now',
  })
  async agenda(
    @Args('conventionId', { type: () => ID, description: 'The convention' }) conventionId: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<AgendaItem[]> {
    return (await this.modelAt(waitForPosition, asOf)).agenda(conventionId.toLowerCase());
  }

  @Query(() => ConventionVoteConnection, {
    description: 'Convention votes in order of opening, with live participation and, once closed, the tally',
  })
  async conventionVotes(
    @Args('conventionId', { type: () => ID, nullable: true, description: 'The convention; all when left out' })
    conventionId: string | undefined,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof ConventionVoteConnection>> {
    const after = decodePositionAndId(page.after);
    return (await this.modelAt(waitForPosition, asOf)).votes(
      conventionId ? conventionId.toLowerCase() : null,
      pageSize(page),
      after,
    ) as InstanceType<typeof ConventionVoteConnection>;
  }

  @Query(() => ConventionVote, { nullable: true, description: 'One convention vote with its roll call and tally' })
  async conventionVote(
    @Args('id', { type: () => ID, description: 'The vote' }) id: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<ConventionVote | null> {
    return (await this.modelAt(waitForPosition, asOf)).vote(id.toLowerCase());
  }

  @Query(() => Charter, {
    description:
      'What the convention adopted: rules with every version and how each was adopted, bodies, commitments, campaigns, resolutions',
  })
  async charter(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Charter> {
    return (await this.modelAt(waitForPosition, asOf)).charter();
  }

  /** The read model to answer from: after waiting for the caller's writes, now or as of a past position. */
  private async modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<FloorReadModel> {
    await this.readModels.waitFor(waitForPosition);
    if (asOf === undefined || asOf === null) return this.readModel;
    return new FloorReadModel(await this.history.at(asOf));
  }
}

/** The charter's lists, each a connection read from the same moment as the charter. */
@Resolver(() => Charter)
export class CharterResolver {
  @ResolveField(() => CharterRuleConnection, { description: 'Rules, in order of adoption' })
  rules(@Parent() charter: Charter, @Args() page: PageArgs): Page<CharterRule> {
    return charter.readModel.charterRules(pageSize(page), decodePositionAndId(page.after, POSITION_AND_ANY_ID_KEY));
  }

  @ResolveField(() => CharterEntryConnection, { description: 'Bodies created, in order of adoption' })
  bodies(@Parent() charter: Charter, @Args() page: PageArgs): Page<CharterEntry> {
    return entriesOf(charter, 'body', page);
  }

  @ResolveField(() => CharterEntryConnection, { description: 'Commitments adopted, in order of adoption' })
  commitments(@Parent() charter: Charter, @Args() page: PageArgs): Page<CharterEntry> {
    return entriesOf(charter, 'commitment', page);
  }

  @ResolveField(() => CharterEntryConnection, { description: 'Campaigns adopted, in order of adoption' })
  campaigns(@Parent() charter: Charter, @Args() page: PageArgs): Page<CharterEntry> {
    return entriesOf(charter, 'campaign', page);
  }

  @ResolveField(() => CharterEntryConnection, { description: 'Resolutions adopted, in order of adoption' })
  resolutions(@Parent() charter: Charter, @Args() page: PageArgs): Page<CharterEntry> {
    return entriesOf(charter, 'resolution', page);
  }
}

function entriesOf(charter: Charter, kind: CharterEntryKind, page: PageArgs): Page<CharterEntry> {
  return charter.readModel.charterEntries(
    kind,
    pageSize(page),
    decodePositionAndId(page.after, POSITION_AND_ANY_ID_KEY),
  );
}

@Resolver(() => ConventionVote)
export class ConventionVoteResolver {
  @ResolveField(() => RollCallEntryConnection, { description: "Each seat's current ballot, by seat" })
  rollCall(@Parent() vote: ConventionVote, @Args() page: PageArgs): Page<RollCallEntry> {
    return vote.readModel.rollCall(vote.id, pageSize(page), decodeCursor(page.after, ANY_ID_KEY) ?? null);
  }
}
