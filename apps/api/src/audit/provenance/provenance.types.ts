import { Field, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '../../graphql/connection';
import { DateTime, UUID } from '../../graphql/scalars';
import { Recorded } from '../recorded.types';
import { ElectionWorking, HamiltonLineObject, QuotientObject, SeatAwardObject } from '../../convention/counts.types';
import { ConventionTallyObject, LotObject, VoteRulesObject } from '../../floor/convention-tally.types';

/**
 * The typed story of how a rule came to be: each object here is one link (proposal, amendment,
 * vote, ballot, delegate, election, apportionment) with the event that recorded it. Nested links
 * are field resolvers (provenance.resolver.ts), so a client pays only for the depth it selects.
 */

@ObjectType({ description: 'A member named by pseudonym only' })
export class ProvenanceMember {
  @Field(() => UUID)
  memberId!: string;

  @Field(() => String, { nullable: true, description: 'Their pseudonym; null if unknown to the read models' })
  pseudonym!: string | null;
}

// ---- Elections and apportionment ------------------------------------------------------------

@ObjectType({ description: 'The delegate election that seated a delegate' })
export class ProvenanceElection {
  @Field(() => UUID)
  id!: string;

  @Field({ description: 'APPROVAL or STV' })
  method!: string;

  @Field(() => Int)
  seats!: number;

  @Field(() => Int, { description: 'Ballots counted' })
  ballotsCounted!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'STV: the stage at which this delegate was deemed elected; null for approval (one count, no stages)',
  })
  electedAtStage!: number | null;

  @Field(() => Int, { description: "This member's place in the election's order (delegates first, then alternates)" })
  rank!: number;

  /** Read on access (a getter): parsed only for a client that asks, once per election and query. */
  @Field(() => ElectionWorking, { nullable: true, description: 'Null when nobody stood' })
  readonly working!: ElectionWorking | null;

  @Field(() => Recorded, { nullable: true, description: 'The tally event' })
  recorded!: Recorded | null;
}

@ObjectType({ description: 'The apportionment that gave a chapter its seats' })
export class ProvenanceApportionment {
  @Field({ description: 'SAINTE_LAGUE, DHONDT or HAMILTON' })
  method!: string;

  @Field({ description: 'The log position membership was counted at' })
  cutoffPosition!: string;

  @Field(() => Int)
  totalSeats!: number;

  @Field(() => UUID)
  chapterId!: string;

  @Field(() => Int, { description: "The chapter's members at the cut-off" })
  members!: number;

  @Field(() => Int, { description: "The chapter's seats" })
  seats!: number;

  @Field(() => QuotientObject, {
    nullable: true,
    description: "The chapter's deciding quotient: its last seat's (divisor methods) or its quota (Hamilton)",
  })
  quotient!: QuotientObject | null;

  @Field(() => [SeatAwardObject], { description: 'Divisor methods: every seat awarded beyond the minimums' })
  awards!: SeatAwardObject[];

  @Field(() => [HamiltonLineObject], { description: 'Hamilton: the last round' })
  hamilton!: HamiltonLineObject[];

  @Field(() => [LotObject])
  lots!: LotObject[];

  @Field(() => Recorded, { nullable: true })
  recorded!: Recorded | null;
}

@ObjectType({ description: 'A delegate or alternate who voted, and how they came to hold the seat' })
export class ProvenanceDelegate {
  @Field(() => ProvenanceMember)
  member!: ProvenanceMember;

  @Field({ description: 'DELEGATE or ALTERNATE' })
  role!: string;

  @Field(() => UUID)
  chapterId!: string;

  @Field(() => String, { nullable: true, description: "The chapter's name" })
  chapterName!: string | null;

  // Election and apportionment are getters, not field resolvers: a roll-call page of 50 at full
  // depth otherwise runs 100 resolvers through Nest's pipeline (each a promise or two) for what is
  // a lookup in the query's cache.
  @Field(() => ProvenanceElection, { nullable: true, description: 'The delegate election that seated them' })
  readonly election!: ProvenanceElection | null;

  @Field(() => ProvenanceApportionment, {
    nullable: true,
    description: 'The apportionment that gave their chapter its seats',
  })
  readonly apportionment!: ProvenanceApportionment | null;

  /** Not in the schema: what the election and apportionment getters read. */
  conventionId!: string;
  electionId!: string;
  /** Their place in the election's order, from the roster. */
  rank!: number;
}

// ---- Roll call, vote, amendments, proposal ----------------------------------------------------

@ObjectType({ description: "One seat's counted ballot" })
export class ProvenanceRollCallEntry {
  @Field({ description: 'The seat' })
  seatId!: string;

  @Field(() => String, { nullable: true, description: 'YES, NO or ABSTAIN (yes/no votes)' })
  choice!: string | null;

  @Field(() => [String], { nullable: true, description: 'The ranking (ranked votes)' })
  ranking!: string[] | null;

  @Field({ description: "The seat's weight" })
  weight!: string;

  @Field(() => Recorded, { nullable: true, description: 'The ballot event that counted (the last before the close)' })
  recorded!: Recorded | null;

  @Field(() => ProvenanceDelegate, {
    nullable: true,
    description: 'The delegate or alternate who voted',
  })
  delegate!: ProvenanceDelegate | null;

  /** Not in the schema. */
  memberId!: string;
  conventionId!: string;
}

export const ProvenanceRollCall = Connection(ProvenanceRollCallEntry, 'A page of a roll call, by seat');

@ObjectType({ description: 'A convention vote, its rules, electorate and count' })
export class ProvenanceVote {
  @Field(() => UUID)
  id!: string;

  @Field({ description: 'yes-no or ranked' })
  method!: string;

  @Field(() => VoteRulesObject)
  rules!: VoteRulesObject;

  @Field(() => Int, { description: 'Seats that could vote' })
  electorateSeats!: number;

  @Field({ description: 'Their total weight' })
  electorateWeight!: string;

  @Field({ description: 'OPEN, CLOSED or CANCELLED' })
  status!: string;

  @Field(() => ConventionTallyObject, { nullable: true, description: 'Null while open' })
  tally!: ConventionTallyObject | null;

  @Field(() => Recorded, { nullable: true, description: 'Opened' })
  opened!: Recorded | null;

  @Field(() => Recorded, { nullable: true, description: 'Closed and counted' })
  closed!: Recorded | null;

  /** Not in the schema. */
  conventionId!: string;
}

@ObjectType({ description: 'A clause operation of an amendment' })
export class ProvenanceClauseOperation {
  @Field({ description: 'REPLACE, STRIKE or INSERT_AFTER' })
  op!: string;

  @Field(() => Int)
  clause!: number;

  @Field(() => String, { nullable: true })
  text!: string | null;
}

@ObjectType({ description: 'An amendment that shaped the text, with the secondaries that shaped it' })
export class ProvenanceAmendment {
  @Field(() => UUID)
  id!: string;

  @Field({ description: 'PRIMARY or SECONDARY' })
  level!: string;

  @Field(() => ProvenanceMember, { description: 'Who moved it' })
  mover!: ProvenanceMember;

  @Field({ description: 'FRIENDLY (accepted by the sponsor), VOTED, or its status if neither' })
  decidedBy!: string;

  @Field({ description: 'ADOPTED, REJECTED, ACCEPTED_AS_FRIENDLY, WITHDRAWN, PENDING...' })
  status!: string;

  @Field(() => [ProvenanceClauseOperation])
  operations!: ProvenanceClauseOperation[];

  @Field(() => [String], { description: 'The clauses it proposed' })
  proposedClauses!: string[];

  @Field(() => Recorded, { nullable: true, description: 'Moved' })
  moved!: Recorded | null;

  @Field(() => Recorded, { nullable: true, description: 'Accepted as friendly, adopted or rejected' })
  decided!: Recorded | null;

  /** Not in the schema. */
  voteId!: string | null;
  proposalId!: string;
  parentId!: string | null;
}

@ObjectType({ description: 'A version of a proposal' })
export class ProvenanceProposalVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => [String])
  clauses!: string[];

  @Field({ description: 'submission, friendly-amendment or adopted-amendment' })
  madeBy!: string;

  @Field(() => UUID, { nullable: true, description: 'The amendment that made it' })
  amendmentId!: string | null;

  @Field(() => Recorded, { nullable: true })
  recorded!: Recorded | null;
}

@ObjectType({ description: 'A member who seconded a proposal' })
export class ProvenanceSeconder {
  @Field(() => ProvenanceMember)
  member!: ProvenanceMember;

  @Field(() => Recorded, { nullable: true })
  recorded!: Recorded | null;
}

@ObjectType({ description: 'The proposal that made a rule version' })
export class ProvenanceProposal {
  @Field(() => UUID)
  id!: string;

  @Field({ description: 'ADOPT_RULE, AMEND_RULE, REPEAL_RULE…' })
  kind!: string;

  @Field()
  title!: string;

  @Field(() => ProvenanceMember)
  sponsor!: ProvenanceMember;

  @Field(() => [ProvenanceSeconder])
  seconders!: ProvenanceSeconder[];

  @Field(() => [ProvenanceProposalVersion], { description: 'Every version, oldest first' })
  versions!: ProvenanceProposalVersion[];

  @Field(() => Recorded, { nullable: true, description: 'Submitted' })
  submitted!: Recorded | null;
}

@ObjectType({ description: 'How a version of a rule was enacted' })
export class ProvenanceEnactment {
  @Field(() => Int, { description: 'The version of the proposal adopted' })
  proposalVersion!: number;

  /** Not in the schema: resolved by the nested fields. */
  proposalId!: string;
  voteId!: string;
  amendmentIds!: string[];
}

@ObjectType({ description: 'A version of a rule, and how it came to be' })
export class ProvenanceRuleVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => [String])
  clauses!: string[];

  @Field()
  consolidatedText!: string;

  @Field(() => DateTime)
  enactedAt!: string;

  @Field(() => ProvenanceEnactment)
  enactment!: ProvenanceEnactment;

  @Field(() => Recorded, { nullable: true, description: 'RuleAdopted or RuleAmended' })
  recorded!: Recorded | null;

  /** Not in the schema: what `blame` reads. */
  ruleId!: string;
}

export const ProvenanceRuleVersions = Connection(
  ProvenanceRuleVersion,
  'A page of the versions of a rule, oldest first',
);

@ObjectType({ description: 'A rule of the charter and how every version of it was adopted' })
export class ProvenanceRule {
  @Field(() => UUID)
  id!: string;

  @Field()
  title!: string;

  @Field({ description: 'in-force or repealed' })
  status!: string;
}
