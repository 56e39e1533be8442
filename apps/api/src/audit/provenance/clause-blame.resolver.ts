import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AS_OF, WAIT_FOR_POSITION } from '../../graphql/query-arguments';
import { UUID } from '../../graphql/scalars';
import { ReadModelHistory } from '../../infrastructure/read-model-history';
import { ReadModels } from '../../infrastructure/read-models.service';
import { BlamedClause, ClauseOrigin, RuleDiff } from './clause-blame.types';
import { Sourced } from './provenance.read-model';
import { readerOver } from './provenance.resolver';
import { ProvenanceAmendment, ProvenanceProposal, ProvenanceRuleVersion } from './provenance.types';

@Resolver(() => ProvenanceRuleVersion)
export class RuleVersionBlameResolver {
  @ResolveField(() => [BlamedClause], {
    description: 'Each clause, in order, with the proposal or amendment that last shaped its text and who moved it',
  })
  blame(@Parent() version: Sourced<ProvenanceRuleVersion>): BlamedClause[] {
    return version.reader.blame(version.ruleId, version.version);
  }
}

@Resolver(() => RuleDiff)
export class RuleDiffResolver {
  constructor(
    private readonly readModels: ReadModels,
    private readonly history: ReadModelHistory,
  ) {}

  @Query(() => RuleDiff, {
    description:
      'Clause-by-clause diff between two versions of a rule (by version number, from ≤ to; equal gives every clause UNCHANGED), matched by clause identity so a renumbered clause is not a change, each change with its origin',
  })
  async ruleDiff(
    @Args('ruleId', { type: () => UUID }) ruleId: string,
    @Args('from', { type: () => Int, description: 'The earlier version' }) from: number,
    @Args('to', { type: () => Int, description: 'The later version' }) to: number,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<RuleDiff> {
    await this.readModels.waitFor(waitForPosition);
    const { db } = await this.history.at(asOf);
    return readerOver(db).ruleDiff(ruleId.toLowerCase(), from, to);
  }
}

@Resolver(() => ClauseOrigin)
export class ClauseOriginResolver {
  @ResolveField(() => ProvenanceProposal, { nullable: true, description: 'The proposal, with its versions' })
  proposal(@Parent() origin: Sourced<ClauseOrigin>): ProvenanceProposal | null {
    return origin.reader.proposalById(origin.proposalId);
  }

  @ResolveField(() => ProvenanceAmendment, {
    nullable: true,
    description: 'The amendment, its operations, decision and vote; null when the proposal drafted the text',
  })
  amendment(@Parent() origin: Sourced<ClauseOrigin>): Sourced<ProvenanceAmendment> | null {
    return origin.amendmentId === null ? null : origin.reader.amendmentById(origin.amendmentId);
  }
}
