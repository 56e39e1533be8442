import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { UUID } from '../../graphql/scalars';
import { LiveConnection } from './live-connection';
import { LIVE_TOPICS } from './live.publisher';
import { ConventionPhaseChange, DecisionChange, RollCallParticipation } from './live.types';

interface SubscriptionPubSub {
  subscribe(topic: string): Promise<AsyncIterable<unknown>>;
}

/**
 * Live updates over WebSocket (graphql-ws). Public like the queries they follow; each message
 * carries its log position, so a client reads the full state with waitForPosition.
 */
@Resolver()
export class LiveResolver {
  @Subscription(() => ConventionPhaseChange, {
    description: "A convention's phase changes",
    filter: (payload: { conventionPhaseChanged: ConventionPhaseChange }, variables: { conventionId: string }) =>
      payload.conventionPhaseChanged.conventionId === variables.conventionId,
  })
  conventionPhaseChanged(
    @Args('conventionId', { type: () => UUID }) _conventionId: string,
    @Context('pubsub') pubsub: SubscriptionPubSub,
    @Context('live') live: LiveConnection,
  ): Promise<AsyncIterableIterator<unknown>> {
    return live.hold(pubsub.subscribe(LIVE_TOPICS.phase));
  }

  @Subscription(() => DecisionChange, {
    description:
      'Convention votes, interim decisions, delegate elections and referendums as they are opened and closed',
  })
  decisionChanged(
    @Context('pubsub') pubsub: SubscriptionPubSub,
    @Context('live') live: LiveConnection,
  ): Promise<AsyncIterableIterator<unknown>> {
    return live.hold(pubsub.subscribe(LIVE_TOPICS.decision));
  }

  @Subscription(() => RollCallParticipation, {
    description:
      'How many seats have cast a ballot in a roll call so far (participation only, never the running result)',
    filter: (payload: { rollCallParticipation: RollCallParticipation }, variables: { voteId: string }) =>
      payload.rollCallParticipation.voteId === variables.voteId,
  })
  rollCallParticipation(
    @Args('voteId', { type: () => UUID }) _voteId: string,
    @Context('pubsub') pubsub: SubscriptionPubSub,
    @Context('live') live: LiveConnection,
  ): Promise<AsyncIterableIterator<unknown>> {
    return live.hold(pubsub.subscribe(LIVE_TOPICS.participation));
  }
}
