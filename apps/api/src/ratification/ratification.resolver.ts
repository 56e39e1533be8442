import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { foldEvents } from '../../../../libs/core/src';
import { EventStore } from '../../../../libs/event-store/src';
import { KeyVault, VoteKeyDestroyedError } from '../../../../libs/privacy/src';
import {
  ReferendumClosedError,
  ReferendumEvent,
  ReferendumNotFoundError,
  referendumDecider,
  referendumStream,
} from '../../../../libs/proposals/src';
import { YesNoChoice } from '../../../../libs/voting/src';
import { GraphQLContext, requireActor, requireMember } from '../auth/request-context';
import { acceptCommand } from '../commands/command-envelope';
import { CommandReceipt } from '../graphql/common.types';
import {
  ANY_ID_KEY,
  POSITION_AND_ANY_ID_KEY,
  Page,
  PageArgs,
  UUID_KEY,
  decodeCursor,
  decodePositionAndId,
  pageSize,
} from '../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../graphql/query-arguments';
import { Chapter, ChapterConnection } from '../membership/membership.types';
import { ReadModelHistory } from '../infrastructure/read-model-history';
import { ReadModels } from '../infrastructure/read-models.service';
import { EVENT_STORE, KEY_VAULT } from '../infrastructure/tokens';
import {
  CastReferendumBallotCommand,
  CastReferendumBallotResult,
} from './cast-referendum-ballot/cast-referendum-ballot.command';
import { CloseReferendumCommand, CloseReferendumResult } from './close-referendum/close-referendum.command';
import { OpenReferendumCommand, OpenReferendumResult } from './open-referendum/open-referendum.command';
import { referendumBallotStream } from './ratification-facts';
import { RatificationReadModel } from './ratification.read-model';
import {
  CastReferendumBallotInput,
  CastReferendumBallotPayload,
  CloseReferendumInput,
  CloseReferendumPayload,
  FinalStructure,
  FinalStructureBody,
  FinalStructureBodyConnection,
  FinalStructureRule,
  FinalStructureRuleConnection,
  InterimStructure,
  MyReferendumBallot,
  OpenReferendumInput,
  OpenReferendumPayload,
  OrganizationStructure,
  PublishedBallot,
  Referendum,
  ReferendumChoice,
  ReferendumOutcome,
} from './ratification.types';

const MAX_COUNT_PAGE = 10_000;

@Resolver()
export class RatificationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModel: RatificationReadModel,
    private readonly readModels: ReadModels,
    private readonly history: ReadModelHistory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
  ) {}

  @Mutation(() => OpenReferendumPayload, {
    description:
      "Open the members' referendum on the adopted charter; the convention's secretariat may, in the RATIFICATION phase",
  })
  async openReferendum(
    @Args('input') input: OpenReferendumInput,
    @Context() context: GraphQLContext,
  ): Promise<OpenReferendumPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const result = await this.commands.execute<OpenReferendumCommand, OpenReferendumResult>(
      new OpenReferendumCommand(accepted, actor, input.conventionId.toLowerCase(), input.question ?? null),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), referendumId: result.referendumId };
  }

  @Mutation(() => CastReferendumBallotPayload, {
    description:
      'Cast your secret ballot, or replace it, while the referendum is open; members in good standing when it opened may',
  })
  async castReferendumBallot(
    @Args('input') input: CastReferendumBallotInput,
    @Context() context: GraphQLContext,
  ): Promise<CastReferendumBallotPayload> {
    const memberId = requireMember(context);
    // No actor: the ballot's events must not name the voter (see secretBallotEnvelope).
    const accepted = acceptCommand(context, { commandId: input.commandId }, null);
    const referendumId = input.referendumId.toLowerCase();
    const result = await this.commands.execute<CastReferendumBallotCommand, CastReferendumBallotResult>(
      new CastReferendumBallotCommand(accepted, memberId, referendumId, input.choice.toLowerCase() as YesNoChoice),
    );
    return { receipt: CommandReceipt.of(accepted.commandId, result.outcome), referendumId, tracker: result.tracker };
  }

  @Mutation(() => CloseReferendumPayload, {
    description:
      "Close and count the referendum, publish the count by tracker and record the result on the charter; the convention's secretariat may",
  })
  async closeReferendum(
    @Args('input') input: CloseReferendumInput,
    @Context() context: GraphQLContext,
  ): Promise<CloseReferendumPayload> {
    const actor = requireActor(context);
    const accepted = acceptCommand(context, input, actor);
    const referendumId = input.referendumId.toLowerCase();
    const { line, counted, tally, charter } = await this.commands.execute<
      CloseReferendumCommand,
      CloseReferendumResult
    >(new CloseReferendumCommand(accepted, actor, referendumId));
    const outcome = tally.outcome;
    // The receipt names the last of the close's effects: the charter's update, or the count.
    const receipt = CommandReceipt.of(accepted.commandId, charter.position > counted.position ? charter : counted);
    receipt.replayed = line.replayed && (charter.replayed || charter.events.length === 0);
    return {
      receipt,
      referendumId,
      outcome:
        outcome === 'adopted'
          ? ReferendumOutcome.ADOPTED
          : outcome === 'no-quorum'
            ? ReferendumOutcome.NO_QUORUM
            : ReferendumOutcome.REJECTED,
      ratified: outcome === 'adopted',
    };
  }

  @Query(() => Referendum, {
    nullable: true,
    description: "A referendum by id, or a convention's ratification referendum; null when there is none",
  })
  async referendum(
    @Args('id', { type: () => ID, nullable: true, description: 'The referendum' }) id: string | undefined,
    @Args('conventionId', { type: () => ID, nullable: true, description: 'The convention, when no id is given' })
    conventionId: string | undefined,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Referendum | null> {
    return (await this.modelAt(waitForPosition, asOf)).referendum(
      id?.toLowerCase() ?? null,
      conventionId?.toLowerCase() ?? null,
    );
  }

  @Query(() => [PublishedBallot], {
    description:
      'The published count of a closed referendum, (tracker, choice) in tracker order: a page, or the line of one tracker',
  })
  async referendumCount(
    @Args('referendumId', { type: () => ID, description: 'The referendum' }) referendumId: string,
    @Args('first', { type: () => Int, nullable: true, description: 'Page size, 1 to 10000 (default 100)' })
    first: number | undefined,
    @Args('after', { type: () => String, nullable: true, description: 'Start after this tracker' })
    after: string | undefined,
    @Args('tracker', { type: () => String, nullable: true, description: 'Only the line of this tracker' })
    tracker: string | undefined,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<PublishedBallot[]> {
    const size = Math.min(Math.max(first ?? 100, 1), MAX_COUNT_PAGE);
    return (await this.modelAt(waitForPosition, asOf)).publishedCount(
      referendumId.toLowerCase(),
      size,
      after ?? null,
      tracker ?? null,
    );
  }

  @Query(() => MyReferendumBallot, {
    description:
      'Your tracker and current choice in an open referendum; after the close nobody, you included, can link you to a ballot',
  })
  async myReferendumBallot(
    @Args('referendumId', { type: () => ID, description: 'The referendum' }) referendumId: string,
    @Context() context: GraphQLContext,
  ): Promise<MyReferendumBallot> {
    const memberId = requireMember(context);
    const id = referendumId.toLowerCase();
    const referendum = foldEvents(
      referendumDecider,
      (await this.store.readStream(referendumStream(id))).map(({ type, data }) => ({ type, data }) as ReferendumEvent),
    );
    if (referendum.status === 'unknown') throw new ReferendumNotFoundError(id);
    if (referendum.status !== 'open') throw new ReferendumClosedError(id);
    let ballotKey: string;
    let tracker: string;
    try {
      ballotKey = await this.vault.ballotKey(id, memberId);
      tracker = await this.vault.tracker(id, memberId);
    } catch (error) {
      if (error instanceof VoteKeyDestroyedError) throw new ReferendumClosedError(id);
      throw error;
    }
    // Read from the voter's own ballot stream in the log: no read model keeps who chose what.
    const [latest] = await this.store.readStream(referendumBallotStream(id, ballotKey), {
      direction: 'backwards',
      maxCount: 1,
    });
    const choice =
      latest === undefined ? null : ((latest.data as { choice: string }).choice.toUpperCase() as ReferendumChoice);
    return { referendumId: id, tracker, choice };
  }

  @Query(() => OrganizationStructure, {
    description:
      "The organization's phase and the structure in force: the interim one (committee, commitments, branches, chapters) until the charter is ratified, then the final one (bodies, charter rules, commitments)",
  })
  async organizationStructure(
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<OrganizationStructure> {
    return (await this.modelAt(waitForPosition, asOf)).structure();
  }

  private modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<RatificationReadModel> {
    return this.history.readModelAt(
      waitForPosition,
      asOf,
      this.readModel,
      (source) => new RatificationReadModel(source),
    );
  }
}

@Resolver(() => InterimStructure)
export class InterimStructureResolver {
  @ResolveField(() => ChapterConnection, { description: 'Chapters, by name then id' })
  chapters(@Parent() interim: InterimStructure, @Args() page: PageArgs): Page<Chapter> {
    return interim.readModel.chapters(pageSize(page), decodeCursor(page.after, UUID_KEY) ?? null);
  }
}

@Resolver(() => FinalStructure)
export class FinalStructureResolver {
  @ResolveField(() => FinalStructureBodyConnection, { description: 'Bodies, in order of creation' })
  bodies(@Parent() final: FinalStructure, @Args() page: PageArgs): Page<FinalStructureBody> {
    return final.readModel.bodies(pageSize(page), decodePositionAndId(page.after, POSITION_AND_ANY_ID_KEY));
  }

  @ResolveField(() => FinalStructureRuleConnection, { description: 'Rules in force, by id' })
  rules(@Parent() final: FinalStructure, @Args() page: PageArgs): Page<FinalStructureRule> {
    return final.readModel.rules(pageSize(page), decodeCursor(page.after, ANY_ID_KEY) ?? null);
  }
}
