import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConventionPhase } from '../../convention/convention.types';
import { UUID } from '../../graphql/scalars';
import { Recorded } from '../recorded.types';
import { DecisionKind } from '../tracker/tracker.types';

export enum DecisionChangeKind {
  OPENED = 'OPENED',
  CLOSED = 'CLOSED',
}
registerEnumType(DecisionChangeKind, {
  name: 'DecisionChangeKind',
  description: 'Whether a decision was opened (voting or nominating starts) or closed (decided, lapsed or cancelled)',
});

@ObjectType({ description: 'A convention moved to its next phase' })
export class ConventionPhaseChange {
  @Field(() => UUID)
  conventionId!: string;

  @Field(() => ConventionPhase)
  from!: ConventionPhase;

  @Field(() => ConventionPhase)
  to!: ConventionPhase;

  @Field({ description: 'Log position of the change; query with waitForPosition to read it everywhere' })
  position!: string;

  @Field(() => Recorded)
  recorded!: Recorded;
}

@ObjectType({ description: 'A decision of any body was opened or closed' })
export class DecisionChange {
  @Field(() => DecisionKind)
  kind!: DecisionKind;

  @Field(() => UUID, { description: 'The decision, as `decision(id)` knows it' })
  id!: string;

  @Field(() => DecisionChangeKind)
  change!: DecisionChangeKind;

  @Field({ description: 'Log position of the change; query with waitForPosition to read it everywhere' })
  position!: string;

  @Field(() => Recorded)
  recorded!: Recorded;
}

@ObjectType({
  description:
    "How many seats of a roll call's electorate have cast a ballot so far; never how they voted until the count",
})
export class RollCallParticipation {
  @Field(() => UUID)
  voteId!: string;

  @Field(() => Int, { description: 'Seats that have cast a ballot (a replaced ballot counts once)' })
  ballots!: number;

  @Field(() => Int, { description: 'Seats of the electorate' })
  electorate!: number;

  @Field({ description: 'Log position of the latest ballot counted here' })
  position!: string;

  @Field(() => Recorded, { description: 'The latest ballot counted here (roll calls are public)' })
  recorded!: Recorded;
}
