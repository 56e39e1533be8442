import { Args, Query, Resolver } from '@nestjs/graphql';
import { PageArgs, decodeCursor, pageSize } from '../../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../../graphql/query-arguments';
import { UUID } from '../../graphql/scalars';
import { ReadModelHistory } from '../../infrastructure/read-model-history';
import { TRAIL_CURSOR, TrailReadModel } from './trail.read-model';
import { AuditEntity, AuditTrailEntryConnection } from './trail.types';

/**
 * Audit trails are public, like the ledger they index: every event there is readable through
 * `ledgerEntry(position)` already. What a trail adds is the index by entity, and what it keeps
 * out is what the ledger protects too: no secret voter, no personal data.
 */
@Resolver()
export class TrailResolver {
  constructor(
    private readonly readModel: TrailReadModel,
    private readonly history: ReadModelHistory,
  ) {}

  @Query(() => AuditTrailEntryConnection, {
    description:
      "Every event that concerns one entity, in log order, with position, time and the actor's pseudonym; secret ballots appear only under their vote, with no actor, as their tracker and what became of it. An id nothing concerns has an empty trail.",
  })
  async auditTrail(
    @Args('entity', { type: () => AuditEntity }) entity: AuditEntity,
    @Args('id', { type: () => UUID }) id: string,
    @Args() page: PageArgs,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<InstanceType<typeof AuditTrailEntryConnection>> {
    const after = decodeCursor(page.after, TRAIL_CURSOR);
    const model = await this.history.readModelAt(
      waitForPosition,
      asOf,
      this.readModel,
      (source) => new TrailReadModel(source),
    );
    return model.trail(
      entity,
      id.toLowerCase(),
      after === undefined ? -1 : Number(after),
      pageSize(page),
    ) as InstanceType<typeof AuditTrailEntryConnection>;
  }
}
