import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../graphql/connection';
import { DateTime, UUID } from '../../graphql/scalars';
import { Recorded } from '../recorded.types';

export enum DecisionKind {
  INTERIM_DECISION = 'INTERIM_DECISION',
  CONVENTION_VOTE = 'CONVENTION_VOTE',
  DELEGATE_ELECTION = 'DELEGATE_ELECTION',
  REFERENDUM = 'REFERENDUM',
  PHASE_CHANGE = 'PHASE_CHANGE',
}
registerEnumType(DecisionKind, {
  name: 'DecisionKind',
  description: 'What kind of decision it is',
  valuesMap: {
    INTERIM_DECISION: { description: "A consultative committee's interim decision" },
    CONVENTION_VOTE: { description: "The convention's vote on an amendment, a proposal or competing proposals" },
    DELEGATE_ELECTION: { description: "A chapter's election of its delegates to the convention" },
    REFERENDUM: { description: "The members' referendum on the adopted charter" },
    PHASE_CHANGE: { description: "The secretariat's move of a convention out of its current phase" },
  },
});

export enum DecisionStatus {
  OPEN = 'OPEN',
  OVERDUE = 'OVERDUE',
  PENDING = 'PENDING',
  ADOPTED = 'ADOPTED',
  REJECTED = 'REJECTED',
  LAPSED = 'LAPSED',
}
registerEnumType(DecisionStatus, {
  name: 'DecisionStatus',
  description:
    'Where a decision stands at the instant the query answers for: now, or the asOf time (for an asOf position, the acceptance time of the last event at or below it)',
  valuesMap: {
    OPEN: {
      description:
        'Opened and not closed, still taking votes or nominations (or, for a phase change, the phase is current), and its deadline, if any, is not before the instant answered for',
    },
    OVERDUE: {
      description:
        'Like OPEN, but its deadline lies before the instant answered for: computed at query time from the stored deadline, never written by a timer',
    },
    PENDING: {
      description:
        'Voting has ended (ConventionVotingEnded, DelegateVotingClosed, ReferendumVotingClosed) and the count is not yet recorded',
    },
    ADOPTED: {
      description:
        'Decided in favour: interim decision adopted, vote adopted (a ranked vote with a winner), delegates elected (tallied), referendum adopted, phase left',
    },
    REJECTED: { description: 'Decided against: vote or referendum rejected, or without quorum' },
    LAPSED: { description: 'Closed without a decision: interim decision lapsed, convention vote cancelled' },
  },
});

export enum DecisionBody {
  COMMITTEE = 'COMMITTEE',
  CONVENTION = 'CONVENTION',
  CHAPTER = 'CHAPTER',
  MEMBERS = 'MEMBERS',
  SECRETARIAT = 'SECRETARIAT',
}
registerEnumType(DecisionBody, {
  name: 'DecisionBody',
  description: 'The body that decides',
  valuesMap: {
    COMMITTEE: { description: 'The consultative committee (interim decisions)' },
    CONVENTION: { description: "The convention's credentialed delegates (convention votes)" },
    CHAPTER: { description: "A chapter's members (delegate elections)" },
    MEMBERS: { description: 'All members in good standing (referendums)' },
    SECRETARIAT: { description: "The convention's secretariat (phase changes)" },
  },
});

export enum WaitingParty {
  COMMITTEE = 'COMMITTEE',
  SEATS = 'SEATS',
  SECRETARIAT = 'SECRETARIAT',
  CLERK = 'CLERK',
  VOTERS = 'VOTERS',
}
registerEnumType(WaitingParty, {
  name: 'WaitingParty',
  description: 'Who an open decision is waiting on',
  valuesMap: {
    COMMITTEE: { description: 'Committee members who have not voted' },
    SEATS: { description: "The convention's seats that have not voted (roll call)" },
    SECRETARIAT: { description: 'The secretariat, to open or end voting, or to advance the phase' },
    CLERK: { description: 'Whoever closes it: the count is due, or its deadline has passed' },
    VOTERS: { description: 'Secret-ballot voters; no running count is ever shown' },
  },
});

@ObjectType({ description: 'What an undecided decision is waiting on, and whom' })
export class DecisionWaitingOn {
  @Field(() => WaitingParty)
  party!: WaitingParty;

  @Field(() => Int, {
    nullable: true,
    description: 'How many have yet to act (roll-call decisions only; null for secret ballots and single actors)',
  })
  outstanding!: number | null;

  @Field(() => Int, { nullable: true, description: 'Out of how many (the committee or the seats); null otherwise' })
  of!: number | null;

  @Field({ description: 'In words, e.g. "waiting on 2 of 5 committee members"' })
  description!: string;
}

@ObjectType({ description: 'A decision of any kind, as the committee and secretariat track it' })
export class Decision {
  @Field(() => UUID, {
    description:
      "The decision's id: the interim decision, vote, election or referendum id; for a phase change, derived from the convention and the phase",
  })
  id!: string;

  @Field(() => DecisionKind)
  kind!: DecisionKind;

  @Field({ description: "What is decided: the decision's title, the referendum's question, the vote's subject" })
  subject!: string;

  @Field(() => DecisionBody)
  body!: DecisionBody;

  @Field({ description: "The deciding body's id: 'organization' for the committee, the chapter or the convention" })
  bodyId!: string;

  @Field(() => DecisionStatus)
  status!: DecisionStatus;

  @Field(() => DateTime, { nullable: true, description: 'When it must be decided by; null when the rules set none' })
  deadline!: string | null;

  @Field(() => DateTime)
  openedAt!: string;

  @Field(() => DateTime, {
    nullable: true,
    description: 'When it was decided, lapsed or cancelled; null while undecided',
  })
  closedAt!: string | null;

  @Field(() => Recorded, { description: 'The event that opened it' })
  opened!: Recorded;

  @Field(() => Recorded, { nullable: true, description: 'The event that closed it; null while undecided' })
  closed!: Recorded | null;

  @Field(() => DecisionWaitingOn, { nullable: true, description: 'Null once decided' })
  waitingOn!: DecisionWaitingOn | null;
}

export const DecisionConnection = Connection(Decision, 'Decisions in the order they were opened (log position)');

@InputType({ description: 'Which decisions to list; every field left out matches all (an empty list is refused)' })
export class DecisionFilter {
  @Field(() => [DecisionKind], { nullable: true })
  kinds?: DecisionKind[];

  @Field(() => [DecisionStatus], { nullable: true, description: 'Statuses at the instant answered for' })
  statuses?: DecisionStatus[];

  @Field(() => [DecisionBody], { nullable: true })
  bodies?: DecisionBody[];

  @Field(() => DateTime, {
    nullable: true,
    description: 'Only decisions still undecided at this instant or closed at or after it',
  })
  from?: string;

  @Field(() => DateTime, { nullable: true, description: 'Only decisions opened before this instant' })
  to?: string;
}
