import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTime, UUID } from '../../graphql/scalars';
import { Recorded } from '../recorded.types';
import { ProvenanceMember } from './provenance.types';

/**
 * Clause blame and diffs of a rule's versions. A clause keeps its identity while its text is
 * reworded and its number moves; it loses it only when struck (or left out of a redraft), so a
 * diff matches clauses by identity and a renumbered clause is not a change.
 */

export enum ClauseOriginKind {
  PROPOSAL = 'PROPOSAL',
  PRIMARY_AMENDMENT = 'PRIMARY_AMENDMENT',
  SECONDARY_AMENDMENT = 'SECONDARY_AMENDMENT',
}
registerEnumType(ClauseOriginKind, {
  name: 'ClauseOriginKind',
  description: 'What set the text of a clause',
  valuesMap: {
    PROPOSAL: { description: 'The proposal as submitted (for an amend-rule proposal: its redraft of the rule)' },
    PRIMARY_AMENDMENT: { description: 'An amendment of the proposal' },
    SECONDARY_AMENDMENT: {
      description: 'An amendment of an amendment: its own operation produced the text, taken in through its primary',
    },
  },
});

export enum ClauseChangeKind {
  UNCHANGED = 'UNCHANGED',
  CHANGED = 'CHANGED',
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
}
registerEnumType(ClauseChangeKind, {
  name: 'ClauseChangeKind',
  description: 'How a clause differs between two versions of a rule',
  valuesMap: {
    UNCHANGED: { description: 'Same clause, same text (its number may have moved)' },
    CHANGED: { description: 'Same clause, reworded' },
    ADDED: { description: 'A clause the earlier version did not have' },
    REMOVED: { description: 'A clause the later version no longer has' },
  },
});

@ObjectType({
  description:
    'The proposal or amendment whose own operation last set a clause’s text, who moved it, and the event that recorded the drafting',
})
export class ClauseOrigin {
  @Field(() => ClauseOriginKind)
  kind!: ClauseOriginKind;

  @Field(() => UUID, { description: 'The proposal drafted or amended (for an amendment: the proposal it belongs to)' })
  proposalId!: string;

  @Field(() => UUID, { nullable: true, description: 'The amendment; null when the proposal itself drafted the text' })
  amendmentId!: string | null;

  @Field(() => ProvenanceMember, { description: 'The sponsor of the proposal, or the mover of the amendment' })
  mover!: ProvenanceMember;

  @Field(() => DateTime, { description: 'When this text was moved: submitted, proposed, or redrafted by a rebase' })
  movedAt!: string;

  @Field(() => Recorded, {
    nullable: true,
    description: 'The event that drafted this text: ProposalSubmitted, AmendmentProposed, or AmendmentRebased',
  })
  recorded!: Recorded | null;
}

@ObjectType({ description: 'A clause of a rule version and what last shaped its text' })
export class BlamedClause {
  @Field(() => Int, { description: 'Its number in this version' })
  number!: number;

  @Field({
    description:
      'Opaque identity of the clause, the same in every version that has it however it was renumbered or reworded',
  })
  identity!: string;

  @Field()
  text!: string;

  @Field(() => ClauseOrigin, { description: 'What last set its text' })
  shapedBy!: ClauseOrigin;
}

@ObjectType({ description: 'One clause of a diff between two versions of a rule, matched by identity' })
export class ClauseChange {
  @Field(() => ClauseChangeKind)
  change!: ClauseChangeKind;

  @Field({ description: 'The clause’s identity (see BlamedClause.identity)' })
  identity!: string;

  @Field(() => Int, { nullable: true, description: 'Its number in the earlier version; null when ADDED' })
  oldNumber!: number | null;

  @Field(() => Int, { nullable: true, description: 'Its number in the later version; null when REMOVED' })
  newNumber!: number | null;

  @Field(() => String, { nullable: true, description: 'Its text in the earlier version; null when ADDED' })
  oldText!: string | null;

  @Field(() => String, { nullable: true, description: 'Its text in the later version; null when REMOVED' })
  newText!: string | null;

  @Field(() => ClauseOrigin, {
    nullable: true,
    description:
      'What made the change: for CHANGED and ADDED what last shaped the new text, for REMOVED what struck the clause or redrafted it out; null when UNCHANGED',
  })
  origin!: ClauseOrigin | null;
}

@ObjectType({ description: 'A clause-by-clause diff between two versions of a rule' })
export class RuleDiff {
  @Field(() => UUID)
  ruleId!: string;

  @Field(() => Int, { description: 'The earlier version' })
  from!: number;

  @Field(() => Int, { description: 'The later version' })
  to!: number;

  @Field(() => [ClauseChange], {
    description:
      'Every clause of either version, in the order of the later one, each removed clause right after the clause that preceded it',
  })
  changes!: ClauseChange[];
}
