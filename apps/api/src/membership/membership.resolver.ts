import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { CommandOutcome } from '../../../../libs/event-store/src';
import { ForbiddenError, InvalidInputError } from '../../../../libs/core/src';
import { ChapterEvent, MemberEvent, checkPassphrase } from '../../../../libs/membership/src';
import { GraphQLContext, requireActor, requireMember } from '../auth/request-context';
import { SignInService } from '../auth/sign-in.service';
import { TokenService } from '../auth/token.service';
import { AcceptedCommand, acceptCommand } from '../commands/command-envelope';
import { CommandInput, CommandReceipt } from '../graphql/common.types';
import { ReadModels } from '../infrastructure/read-models.service';
import { KEY_VAULT } from '../infrastructure/tokens';
import { KeyVault } from '../../../../libs/privacy/src';
import { PageArgs, UUID_KEY, decodeCursor, pageSize } from '../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../graphql/query-arguments';
import { ReadModelHistory } from '../infrastructure/read-model-history';
import { ChangeMemberRegionCommand } from './change-member-region/change-member-region.command';
import { ChapterClosureResult } from './chapter-closure';
import { DissolveChapterCommand } from './dissolve-chapter/dissolve-chapter.command';
import { EnrollMemberCommand, EnrollMemberResult } from './enroll-member/enroll-member.command';
import { FoundChapterCommand, FoundChapterResult } from './found-chapter/found-chapter.command';
import { JoinChapterCommand } from './join-chapter/join-chapter.command';
import { LeaveChapterCommand } from './leave-chapter/leave-chapter.command';
import { MembershipReadModel } from './membership.read-model';
import {
  ChangeContactDetailsInput,
  ChangeMemberRegionInput,
  Chapter,
  ChapterClosurePayload,
  ChapterConnection,
  ChapterFoundingPayload,
  ChapterStatus,
  DissolveChapterInput,
  EnrollMemberInput,
  EnrollMemberPayload,
  ErasePersonalDataInput,
  FoundChapterInput,
  JoinChapterInput,
  LeaveChapterInput,
  MemberChangePayload,
  MemberProfile,
  MergeChaptersInput,
  ResignInput,
  SignChapterFoundingInput,
  TransferChapterInput,
} from './membership.types';
import { MergeChaptersCommand } from './merge-chapters/merge-chapters.command';
import { ResignMemberCommand } from './resign-member/resign-member.command';
import { ChangeContactDetailsCommand } from './change-contact-details/change-contact-details.command';
import { ErasePersonalDataCommand } from './erase-personal-data/erase-personal-data.command';
import { SignChapterFoundingCommand } from './sign-chapter-founding/sign-chapter-founding.command';
import { TransferChapterCommand } from './transfer-chapter/transfer-chapter.command';


@Resolver()
export class MembershipResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: MembershipReadModel,
    private readonly readModels: ReadModels,
    private readonly tokens: TokenService,
    private readonly history: ReadModelHistory,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    private readonly signIn: SignInService,
  ) {}

  @Mutation(() => EnrollMemberPayload, { description: 'Enrol a new member; needs no token' })
  async enrollMember(
    @Args('input') input: EnrollMemberInput,
    @Context() context: GraphQLContext,
  ): Promise<EnrollMemberPayload> {
    const accepted = acceptCommand(context, input, context.actor);
    // Checked first, so a passphrase that would be refused makes the enrolment append nothing.
    if (input.passphrase !== undefined && input.passphrase !== null) checkPassphrase(input.passphrase);
    const result = await this.commands.execute<EnrollMemberCommand, EnrollMemberResult>(
      new EnrollMemberCommand(
        accepted,
        input.pseudonym,
        input.region ?? null,
        input.acceptedCommitmentsVersion ?? null,
        input.contact ?? null,
        input.chapterId?.toLowerCase() ?? null,
      ),
    );
    // Same command id: a retry after a crash between the two appends completes the second.
    if (input.passphrase !== undefined && input.passphrase !== null) {
      await this.signIn.setPassphrase(accepted, result.memberId, input.passphrase);
    }
    const enrolled = result.outcome.events.find((event) => event.type === 'MemberEnrolled');
    return {
      receipt: CommandReceipt.of(accepted.commandId, result.outcome),
      memberId: result.memberId,
      pseudonym: enrolled?.type === 'MemberEnrolled' ? enrolled.data.pseudonym : input.pseudonym,
      token: this.tokens.devTokensEnabled
        ? (await this.tokens.issueDevToken({ kind: 'member', memberId: result.memberId })).token
        : null,
    };
  }

  @Mutation(() => ChapterFoundingPayload, {
    description:
      'Start founding a local or online chapter, in a branch or international, as its first founder; the signed-in member must be in no chapter',
  })
  async foundChapter(
    @Args('input') input: FoundChapterInput,
    @Context() context: GraphQLContext,
  ): Promise<ChapterFoundingPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const result = await this.commands.execute<FoundChapterCommand, FoundChapterResult>(
      new FoundChapterCommand(
        accepted,
        memberId,
        input.name,
        input.kind,
        input.region ?? null,
        input.branchId?.toLowerCase() ?? null,
      ),
    );
    return this.foundingPayload(accepted.commandId, result.chapterId, result.outcome);
  }

  @Mutation(() => ChapterFoundingPayload, {
    description:
      'Sign the founding of a forming chapter; the signature that reaches the founders minimum founds it with the founders still free to join (each held for it first), and they join',
  })
  async signChapterFounding(
    @Args('input') input: SignChapterFoundingInput,
    @Context() context: GraphQLContext,
  ): Promise<ChapterFoundingPayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const chapterId = input.chapterId.toLowerCase();
    const outcome = await this.commands.execute<SignChapterFoundingCommand, CommandOutcome<ChapterEvent>>(
      new SignChapterFoundingCommand(accepted, memberId, chapterId),
    );
    return this.foundingPayload(accepted.commandId, chapterId, outcome);
  }

  @Mutation(() => ChapterClosurePayload, {
    description: 'Merge a chapter into another, moving all its members there; only a sitting committee member may',
  })
  async mergeChapters(
    @Args('input') input: MergeChaptersInput,
    @Context() context: GraphQLContext,
  ): Promise<ChapterClosurePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const chapterId = input.chapterId.toLowerCase();
    const result = await this.commands.execute<MergeChaptersCommand, ChapterClosureResult>(
      new MergeChaptersCommand(accepted, actor, chapterId, input.intoChapterId.toLowerCase()),
    );
    return {
      receipt: CommandReceipt.of(accepted.commandId, result.outcome),
      chapterId,
      membersMoved: result.membersMoved,
    };
  }

  @Mutation(() => ChapterClosurePayload, {
    description:
      'Dissolve a chapter, moving its members to a successor or leaving them enrolled in no chapter; only a sitting committee member may',
  })
  async dissolveChapter(
    @Args('input') input: DissolveChapterInput,
    @Context() context: GraphQLContext,
  ): Promise<ChapterClosurePayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const chapterId = input.chapterId.toLowerCase();
    const result = await this.commands.execute<DissolveChapterCommand, ChapterClosureResult>(
      new DissolveChapterCommand(accepted, actor, chapterId, input.successorChapterId?.toLowerCase() ?? null),
    );
    return {
      receipt: CommandReceipt.of(accepted.commandId, result.outcome),
      chapterId,
      membersMoved: result.membersMoved,
    };
  }

  @Mutation(() => MemberChangePayload, { description: 'Join a chapter as the signed-in member' })
  async joinChapter(
    @Args('input') input: JoinChapterInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new JoinChapterCommand(accepted, memberId, input.chapterId.toLowerCase()),
    );
  }

  @Mutation(() => MemberChangePayload, { description: 'Leave the current chapter as the signed-in member' })
  async leaveChapter(
    @Args('input', { nullable: true, defaultValue: {} }) input: LeaveChapterInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new LeaveChapterCommand(accepted, memberId),
    );
  }

  @Mutation(() => MemberChangePayload, { description: "Change the signed-in member's region" })
  async changeMemberRegion(
    @Args('input') input: ChangeMemberRegionInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new ChangeMemberRegionCommand(accepted, memberId, input.region ?? null),
    );
  }

  @Mutation(() => MemberChangePayload, {
    description: 'Move the signed-in member from their chapter to another active one, in one step',
  })
  async transferChapter(
    @Args('input') input: TransferChapterInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new TransferChapterCommand(accepted, memberId, input.chapterId.toLowerCase()),
    );
  }

  @Mutation(() => MemberChangePayload, {
    description:
      'Resign from the organization as the signed-in member; leaves the chapter, the committee and the secretariat, and the pseudonym stays reserved',
  })
  async resign(
    @Args('input', { nullable: true, defaultValue: {} }) input: ResignInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new ResignMemberCommand(accepted, memberId),
    );
  }

  @Mutation(() => MemberChangePayload, {
    description: "Replace the signed-in member's contact details (sealed under their own key); null removes them",
  })
  async changeContactDetails(
    @Args('input') input: ChangeContactDetailsInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    return this.changeSignedInMember(
      context,
      input,
      (accepted, memberId) => new ChangeContactDetailsCommand(accepted, memberId, input.contact ?? null),
    );
  }

  @Mutation(() => MemberChangePayload, {
    description:
      "Erase a member's personal data for good by destroying their key: a member erases themselves, an operator names the member",
  })
  async erasePersonalData(
    @Args('input', { nullable: true, defaultValue: {} }) input: ErasePersonalDataInput,
    @Context() context: GraphQLContext,
  ): Promise<MemberChangePayload> {
    const actor = requireActor(context);
    const named = input.memberId?.toLowerCase() ?? null;
    let memberId: string;
    if (actor.kind === 'operator') {
      if (named === null) {
        throw new InvalidInputError([{ field: 'memberId', message: 'An operator must name the member to erase' }]);
      }
      memberId = named;
    } else {
      if (named !== null && named !== actor.memberId) {
        throw new ForbiddenError('NOT_YOUR_DATA', 'A member may erase only their own personal data');
      }
      memberId = actor.memberId;
    }
    const accepted = acceptCommand(context, input, actor);
    const outcome = await this.commands.execute<ErasePersonalDataCommand, CommandOutcome<MemberEvent>>(
      new ErasePersonalDataCommand(accepted, memberId, actor.kind === 'operator' ? 'operator' : 'member'),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), memberId };
  }

  @Query(() => ChapterConnection, { description: 'Chapters by name (then id), in every status' })
  async chapters(
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof ChapterConnection>> {
    const after = decodeCursor(page.after, UUID_KEY) ?? null;
    return (await this.modelAt(waitForPosition, asOf)).chapters(pageSize(page), after) as InstanceType<
      typeof ChapterConnection
    >;
  }

  @Query(() => Chapter, { nullable: true, description: 'One chapter, or null when there is none with this id' })
  async chapter(
    @Args('id', { type: () => ID }) id: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Chapter | null> {
    return (await this.modelAt(waitForPosition, asOf)).chapter(id.toLowerCase());
  }

  @Query(() => MemberProfile, {
    nullable: true,
    description: "The signed-in member's own profile; null until the enrolment reaches the read models",
  })
  async me(
    @Context() context: GraphQLContext,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
  ): Promise<MemberProfile | null> {
    const memberId = requireMember(context);
    await this.readModels.waitFor(waitForPosition);
    return this.readModel.member(memberId);
  }

  @Query(() => String, { description: 'The log position the read models have reached' })
  readModelPosition(): string {
    return this.readModels.position.toString();
  }

  private modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<MembershipReadModel> {
    return this.history.readModelAt(
      waitForPosition,
      asOf,
      this.readModel,
      (source) => new MembershipReadModel(source, this.vault),
    );
  }

  private foundingPayload(
    commandId: string,
    chapterId: string,
    outcome: CommandOutcome<ChapterEvent>,
  ): ChapterFoundingPayload {
    const founded = outcome.events.some((event) => event.type === 'ChapterFounded');
    return {
      receipt: CommandReceipt.of(commandId, outcome),
      chapterId,
      status: founded ? ChapterStatus.ACTIVE : ChapterStatus.FORMING,
    };
  }

  /** The shape every change to the signed-in member shares: accept, execute, report the receipt. */
  private async changeSignedInMember(
    context: GraphQLContext,
    input: CommandInput,
    command: (accepted: AcceptedCommand, memberId: string) => object,
  ): Promise<MemberChangePayload> {
    const memberId = requireMember(context);
    const accepted = acceptCommand(context, input, context.actor);
    const outcome = await this.commands.execute<object, CommandOutcome<MemberEvent>>(command(accepted, memberId));
    return { receipt: CommandReceipt.of(accepted.commandId, outcome), memberId };
  }
}
