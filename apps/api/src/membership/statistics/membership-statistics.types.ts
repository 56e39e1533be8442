import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../graphql/connection';
import { DateTime, UUID } from '../../graphql/scalars';

export enum StatisticsDimension {
  BRANCH = 'BRANCH',
  CHAPTER = 'CHAPTER',
  REGION = 'REGION',
}
registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  description: 'What the rows of a statistics table are',
  valuesMap: {
    BRANCH: {
      description:
        "The national branch of the member's chapter; rows for international chapters and for members in no chapter",
    },
    CHAPTER: { description: "The member's chapter; a row for members in no chapter" },
    REGION: {
      description:
        'The region the member gave; a row for members who gave none, and one for regions not yet listed by name (a region is listed from the instant it first had as many members as the minimum cell size)',
    },
  },
});

export enum StatisticsIntervalValue {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(StatisticsIntervalValue, {
  name: 'StatisticsInterval',
  description:
    "The length of each period of a statistics table, in UTC (a month keeps the day of `from`, or the month's last)",
});

export enum SuppressionReasonValue {
  PRIMARY = 'PRIMARY',
  COMPLEMENTARY = 'COMPLEMENTARY',
  POOLED = 'POOLED',
}
registerEnumType(SuppressionReasonValue, {
  name: 'SuppressionReason',
  description: 'Why a count is not published',
  valuesMap: {
    PRIMARY: { description: 'The group has fewer members than the minimum cell size (but at least one)' },
    COMPLEMENTARY: {
      description:
        'The group is large enough, but publishing it would let a reader subtract a small group back from a published total (here, or in the same instant of the other tables)',
    },
    POOLED: {
      description: 'A region not yet listed by name at that instant: its members are counted in the OTHER_REGIONS row',
    },
  },
});

export enum StatisticsGroupKind {
  BRANCH = 'BRANCH',
  INTERNATIONAL = 'INTERNATIONAL',
  NO_CHAPTER = 'NO_CHAPTER',
  CHAPTER = 'CHAPTER',
  REGION = 'REGION',
  NO_REGION = 'NO_REGION',
  OTHER_REGIONS = 'OTHER_REGIONS',
}
registerEnumType(StatisticsGroupKind, {
  name: 'StatisticsGroupKind',
  description: 'What a row of a statistics table counts',
  valuesMap: {
    BRANCH: { description: 'Members of the chapters of one national branch' },
    INTERNATIONAL: { description: 'Members of chapters that belong to no branch' },
    NO_CHAPTER: { description: 'Members in good standing in no chapter' },
    CHAPTER: { description: 'Members of one chapter' },
    REGION: { description: 'Members who gave this region' },
    NO_REGION: { description: 'Members who gave no region' },
    OTHER_REGIONS: { description: 'Members of every region not yet listed by name at that instant' },
  },
});

@ObjectType({ description: 'One published count, or the reason it is withheld' })
export class StatisticsCell {
  @Field(() => Int, { nullable: true, description: 'Members in good standing; null when suppressed' })
  count!: number | null;

  @Field({ description: 'True when the count is withheld' })
  suppressed!: boolean;

  @Field(() => SuppressionReasonValue, { nullable: true, description: 'Why it is withheld; null when published' })
  reason!: SuppressionReasonValue | null;
}

@ObjectType({ description: 'One column of a statistics table: the counts as of its end' })
export class StatisticsPeriod {
  @Field(() => DateTime, { description: 'Where the period begins' })
  start!: string;

  @Field(() => DateTime, { description: 'The instant the counts are as of: every event accepted by then' })
  end!: string;
}

@ObjectType({ description: 'What one row counts' })
export class StatisticsGroup {
  @Field(() => StatisticsGroupKind)
  kind!: StatisticsGroupKind;

  @Field(() => UUID, { nullable: true, description: 'The branch or chapter id; null for the other kinds' })
  id!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The branch or chapter name, or the region; null for the kinds that are not one named group',
  })
  name!: string | null;
}

@ObjectType({ description: 'One group over every period' })
export class StatisticsRow {
  @Field(() => StatisticsGroup)
  group!: StatisticsGroup;

  @Field(() => [StatisticsCell], { description: "One per period, in the order of the table's periods" })
  cells!: StatisticsCell[];
}

export const StatisticsRowConnection = Connection(StatisticsRow, 'A page of the rows of a statistics table');

@ObjectType({
  description:
    'Members in good standing per group at the end of each period, with every count below the minimum cell size withheld, and with it every count that would let a reader subtract one back',
})
export class MembershipStatistics {
  @Field(() => StatisticsDimension)
  groupBy!: StatisticsDimension;

  @Field(() => StatisticsIntervalValue)
  interval!: StatisticsIntervalValue;

  @Field(() => Int, { description: 'The minimum cell size k: no published count is from 1 to k − 1' })
  minimumCellSize!: number;

  @Field(() => [StatisticsPeriod], { description: 'The columns, oldest first' })
  periods!: StatisticsPeriod[];

  @Field(() => [StatisticsCell], { description: 'All members in good standing, one per period' })
  totals!: StatisticsCell[];

  @Field(() => StatisticsRowConnection, {
    description: 'The groups with members at the end of at least one period, named ones first by name',
  })
  rows!: InstanceType<typeof StatisticsRowConnection>;
}
