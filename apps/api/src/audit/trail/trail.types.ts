import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AuditEntityKind } from '../../../../../libs/projections/src';
import { Connection } from '../../graphql/connection';
import { Recorded } from '../recorded.types';

/** The entities a trail can be asked for; the values name the read model's kinds in capitals. */
export enum AuditEntity {
  MEMBER = 'member',
  CHAPTER = 'chapter',
  BRANCH = 'branch',
  PROPOSAL = 'proposal',
  AMENDMENT = 'amendment',
  VOTE = 'vote',
  RULE = 'rule',
  CONVENTION = 'convention',
  INTERIM_DECISION = 'interim-decision',
  REFERENDUM = 'referendum',
  DELEGATE_ELECTION = 'delegate-election',
}
/** Compile-time: the enum's values are exactly the kinds the audit-trail projection indexes. */
type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const AUDIT_ENTITIES_MATCH_THE_PROJECTION: SameUnion<`${AuditEntity}`, AuditEntityKind> = true;

registerEnumType(AuditEntity, {
  name: 'AuditEntity',
  description: 'The kind of entity whose audit trail is asked for',
  valuesMap: {
    MEMBER: {
      description: 'A member: their enrolment, chapter moves, resignation, erasure (never their secret ballots)',
    },
    CHAPTER: { description: 'A chapter: founding, signatures, members joining and leaving, merger, dissolution' },
    BRANCH: { description: 'A national branch' },
    PROPOSAL: { description: 'A proposal: submission, versions, seconders, votes on it, its enactment' },
    AMENDMENT: { description: 'A primary or secondary amendment' },
    VOTE: { description: "A convention vote: opening, the delegates' public roll-call ballots, the close and count" },
    RULE: { description: 'A rule of the charter: every enactment, amendment and repeal' },
    CONVENTION: { description: 'A convention: its call, phases, secretariat, apportionment, delegates' },
    INTERIM_DECISION: { description: "A consultative committee's interim decision" },
    REFERENDUM: {
      description: 'The referendum: its opening, its secret ballots (as trackers), the close and the count',
    },
    DELEGATE_ELECTION: { description: "A chapter's delegate election: nominations, its secret ballots, the count" },
  },
});

export enum SecretBallotStatus {
  PENDING = 'PENDING',
  COUNTED = 'COUNTED',
  REPLACED = 'REPLACED',
  LATE = 'LATE',
}
registerEnumType(SecretBallotStatus, {
  name: 'SecretBallotStatus',
  description: 'What became of a secret ballot, as of the position the trail answers for',
  valuesMap: {
    PENDING: { description: 'Cast in time; its vote has not been counted yet' },
    COUNTED: { description: "Cast in time and the voter's last ballot before the close: it is in the count" },
    REPLACED: { description: 'A later ballot of the same voter, cast before the close, took its place' },
    LATE: {
      description:
        'Recorded after the close (cast by a process that still read the vote as open): never counted, and its cast answered VOTE_CLOSED',
    },
  },
});

@ObjectType({ description: 'A secret ballot as a trail shows it: never who cast it, only what became of it' })
export class SecretBallotEntry {
  @Field(() => String, {
    nullable: true,
    description:
      "The referendum ballot's tracker (the voter was handed it; the published count lists it with its choice); null for a delegate election's ballot, which has none",
  })
  tracker!: string | null;

  @Field(() => SecretBallotStatus)
  status!: SecretBallotStatus;
}

@ObjectType({ description: 'One event of an entity’s audit trail' })
export class AuditTrailEntry {
  @Field(() => Recorded, {
    description: 'The event: position (for ledgerEntry), time, type and who did it (null for a secret ballot)',
  })
  recorded!: Recorded;

  @Field({
    description:
      "The stream the event is in, e.g. Proposal-<id>; for a secret ballot only the stream's kind (ReferendumBallot, DelegateBallot), since its name holds the voter key",
  })
  stream!: string;

  @Field(() => SecretBallotEntry, { nullable: true, description: 'Set on secret ballots only' })
  secretBallot!: SecretBallotEntry | null;
}

export const AuditTrailEntryConnection = Connection(AuditTrailEntry, "A page of an entity's audit trail, in log order");
