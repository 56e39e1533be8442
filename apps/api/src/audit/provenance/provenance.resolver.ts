import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type Database from 'better-sqlite3';
import { RuleNotFoundError } from '../../../../../libs/proposals/src';
import { CharterRule } from '../../floor/floor.types';
import { PageArgs, Page, decodeCursor, pageSize } from '../../graphql/connection';
import { AS_OF, WAIT_FOR_POSITION } from '../../graphql/query-arguments';
import { UUID } from '../../graphql/scalars';
import { ReadModelHistory } from '../../infrastructure/read-model-history';
import { ReadModels } from '../../infrastructure/read-models.service';
import { ProvenanceReadModel, Sourced } from './provenance.read-model';
import {
  ProvenanceAmendment,
  ProvenanceEnactment,
  ProvenanceProposal,
  ProvenanceRollCall,
  ProvenanceRollCallEntry,
  ProvenanceRule,
  ProvenanceRuleVersion,
  ProvenanceRuleVersions,
  ProvenanceVote,
} from './provenance.types';

const VERSION_CURSOR = /^[0-9]{1,9}$/;
const SEAT_CURSOR = /^[^\n]{1,200}$/;

/**
 * One reader per database (the live one, or a past view), its statements prepared once; each
 * query gets a view of it whose caches live as long as that answer.
 */
const readers = new WeakMap<Database.Database, ProvenanceReadModel>();
export function readerOver(db: Database.Database): ProvenanceReadModel {
  let reader = readers.get(db);
  if (reader === undefined) {
    reader = new ProvenanceReadModel(db);
    readers.set(db, reader);
  }
  return reader.forQuery();
}

@Resolver(() => ProvenanceRule)
export class ProvenanceRuleResolver {
  constructor(
    private readonly readModels: ReadModels,
    private readonly history: ReadModelHistory,
  ) {}

  @Query(() => ProvenanceRule, {
    description:
      'How a rule came to be: every version, the proposal, amendments, vote, roll call, and each voting delegate’s chapter, election and apportionment, each link with the event that recorded it',
  })
  async rule(
    @Args('id', { type: () => UUID }) id: string,
    @Args('waitForPosition', WAIT_FOR_POSITION) waitForPosition: string | undefined,
    @Args('asOf', AS_OF) asOf: string | undefined,
  ): Promise<Sourced<ProvenanceRule>> {
    await this.readModels.waitFor(waitForPosition);
    const { db } = await this.history.at(asOf);
    const rule = readerOver(db).ruleById(id.toLowerCase());
    if (rule === null) throw new RuleNotFoundError(id);
    return rule;
  }

  @ResolveField(() => ProvenanceRuleVersions, { description: 'Every version, oldest first' })
  versions(@Parent() rule: Sourced<ProvenanceRule>, @Args() page: PageArgs): Page<Sourced<ProvenanceRuleVersion>> {
    const after = decodeCursor(page.after, VERSION_CURSOR);
    return rule.reader.ruleVersions(rule.id, pageSize(page), after === undefined ? 0 : Number(after));
  }

  @ResolveField(() => ProvenanceRuleVersion, {
    nullable: true,
    description: 'One version by its number; null when the rule has no such version (yet, as of an asOf)',
  })
  version(
    @Parent() rule: Sourced<ProvenanceRule>,
    @Args('number', { type: () => Int, description: 'The version number, from 1' }) number: number,
  ): Sourced<ProvenanceRuleVersion> | null {
    if (number < 1) return null;
    const [found] = rule.reader.ruleVersions(rule.id, 1, number - 1).nodes;
    return found?.version === number ? found : null;
  }
}

@Resolver(() => CharterRule)
export class CharterRuleProvenanceResolver {
  @ResolveField(() => ProvenanceRule, {
    description: 'The same as rule(id): how every version was adopted, as of the same moment as the charter',
  })
  provenance(@Parent() rule: CharterRule): Sourced<ProvenanceRule> {
    const found = readerOver(rule.readModel).ruleById(rule.id);
    if (found === null) throw new RuleNotFoundError(rule.id);
    return found;
  }
}

@Resolver(() => ProvenanceEnactment)
export class ProvenanceEnactmentResolver {
  @ResolveField(() => ProvenanceProposal, { description: 'The proposal adopted' })
  proposal(@Parent() enactment: Sourced<ProvenanceEnactment>): ProvenanceProposal | null {
    return enactment.reader.proposalById(enactment.proposalId);
  }

  @ResolveField(() => [ProvenanceAmendment], {
    description: 'The primary amendments incorporated, in order; secondaries are under the primary they shaped',
  })
  amendments(@Parent() enactment: Sourced<ProvenanceEnactment>): Sourced<ProvenanceAmendment>[] {
    const listed = new Set(enactment.amendmentIds);
    return enactment.amendmentIds
      .map((id) => enactment.reader.amendmentById(id))
      .filter((amendment): amendment is Sourced<ProvenanceAmendment> => amendment !== null)
      .filter((amendment) => amendment.level === 'PRIMARY' || !listed.has(amendment.parentId ?? ''));
  }

  @ResolveField(() => ProvenanceVote, { description: 'The vote that adopted it' })
  vote(@Parent() enactment: Sourced<ProvenanceEnactment>): Sourced<ProvenanceVote> | null {
    return enactment.reader.voteById(enactment.voteId);
  }
}

@Resolver(() => ProvenanceAmendment)
export class ProvenanceAmendmentResolver {
  @ResolveField(() => [ProvenanceAmendment], { description: 'Secondary amendments moved to this one' })
  secondaries(@Parent() amendment: Sourced<ProvenanceAmendment>): Sourced<ProvenanceAmendment>[] {
    return amendment.reader.secondariesOf(amendment.id);
  }

  @ResolveField(() => ProvenanceVote, { nullable: true, description: 'Its own vote; null when accepted as friendly' })
  vote(@Parent() amendment: Sourced<ProvenanceAmendment>): Sourced<ProvenanceVote> | null {
    return amendment.voteId === null ? null : amendment.reader.voteById(amendment.voteId);
  }
}

@Resolver(() => ProvenanceVote)
export class ProvenanceVoteResolver {
  @ResolveField(() => ProvenanceRollCall, { description: 'Each seat’s counted ballot, by seat' })
  rollCall(@Parent() vote: Sourced<ProvenanceVote>, @Args() page: PageArgs): Page<Sourced<ProvenanceRollCallEntry>> {
    return vote.reader.rollCall(vote, pageSize(page), decodeCursor(page.after, SEAT_CURSOR) ?? '');
  }
}
