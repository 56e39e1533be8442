import { Args, Query, Resolver } from '@nestjs/graphql';
import { InvalidInputError } from '../../../../../libs/core/src';
import { PageArgs, decodeCursor, pageSize } from '../../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../../graphql/query-arguments';
import { UUID } from '../../graphql/scalars';
import { ReadModelHistory } from '../../infrastructure/read-model-history';
import { DECISION_CURSOR, TrackerReadModel } from './tracker.read-model';
import { Decision, DecisionConnection, DecisionFilter } from './tracker.types';

const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

@Resolver()
export class TrackerResolver {
  constructor(
    private readonly readModel: TrackerReadModel,
    private readonly history: ReadModelHistory,
  ) {}

  @Query(() => DecisionConnection, {
    description:
      'Every decision of any kind (interim decisions, convention votes, delegate elections, referendums, phase changes), in the order they were opened, with status, deadline and what each is waiting on',
  })
  async decisions(
    @Args() page: PageArgs,
    @Args('filter', { type: () => DecisionFilter, nullable: true }) filter: DecisionFilter | undefined,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof DecisionConnection>> {
    const from = filter?.from ?? null;
    const to = filter?.to ?? null;
    if (from !== null && to !== null && from > to)
      throw new InvalidInputError([
        { field: 'filter.from', message: 'must not be after filter.to', reason: 'INVALID_TIME_RANGE' },
      ]);
    const empty = (['kinds', 'statuses', 'bodies'] as const).filter((field) => filter?.[field]?.length === 0);
    if (empty.length > 0)
      throw new InvalidInputError(
        empty.map((field) => ({
          field: `filter.${field}`,
          message: 'must name at least one value, or be left out to match all',
          reason: 'EMPTY_FILTER_LIST',
        })),
      );
    const key = decodeCursor(page.after, DECISION_CURSOR);
    const model = await this.modelAt(waitForPosition, asOf);
    const [position, id] = key === undefined ? [] : key.split(':');
    return model.decisions({
      kinds: listOrAll(filter?.kinds),
      statuses: listOrAll(filter?.statuses),
      bodies: listOrAll(filter?.bodies),
      from,
      to,
      reference: this.reference(model, asOf),
      after: key === undefined ? null : { position: Number(position), id },
      first: pageSize(page),
    }) as InstanceType<typeof DecisionConnection>;
  }

  @Query(() => Decision, { nullable: true, description: 'One decision by id; null when there is none' })
  async decision(
    @Args('id', { type: () => UUID }) id: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Decision | null> {
    const model = await this.modelAt(waitForPosition, asOf);
    return model.decision(id.toLowerCase(), this.reference(model, asOf));
  }

  /**
   * The instant OPEN and OVERDUE are told apart at: now for the live read models, the asOf time
   * itself, or for an asOf position the acceptance time of the last event at or below it.
   */
  private reference(model: TrackerReadModel, asOf: string | undefined): string {
    if (asOf === undefined || asOf === null) return new Date().toISOString();
    if (INSTANT.test(asOf)) return new Date(asOf).toISOString();
    return model.clock() ?? new Date(0).toISOString();
  }

  private modelAt(waitForPosition: string | undefined, asOf: string | undefined): Promise<TrackerReadModel> {
    return this.history.readModelAt(waitForPosition, asOf, this.readModel, (source) => new TrackerReadModel(source));
  }
}

function listOrAll<T>(values: readonly T[] | undefined): readonly T[] | null {
  return values === undefined || values === null ? null : values;
}
