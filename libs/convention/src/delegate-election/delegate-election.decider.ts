import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant } from '../../../core/src';
import { countApproval, countScottishStv } from '../../../voting/src';
import { ConventionClosedError, NotOnSecretariatError } from '../convention/convention.errors';
import { DelegateBallotChoice } from '../delegate-ballot/delegate-ballot.events';
import { DelegateElectionCommand, ElectionContext, TallyDelegateElection } from './delegate-election.commands';
import {
  AlreadyCredentialedError,
  AlreadyNominatedError,
  AlreadyWithdrawnError,
  ChapterHasNoSeatsError,
  DelegateElectionNotTalliedError,
  DelegateElectionTalliedError,
  DelegateVotingAlreadyOpenedError,
  DelegateVotingNotOpenError,
  NominationNotFoundError,
  NominationsClosedError,
  NomineeNotInChapterError,
  NotAChapterMemberError,
  NotADelegateError,
  NotASeatedDelegateError,
  NotInDelegateSelectionError,
} from './delegate-election.errors';
import { DelegateElectionEvent, DelegateElectionStarted, DelegateElectionWorking } from './delegate-election.events';
import {
  DelegateElectionState,
  StartedElection,
  evolveDelegateElection,
  initialDelegateElectionState,
} from './delegate-election.state';

function checkId(field: string, value: string): FieldProblem[] {
  return value.trim().length === 0 ? [{ field, message: 'must not be empty' }] : [];
}

function requireValid(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new InvalidInputError(problems);
}

/** Nominating, opening, voting and closing happen only while the convention selects delegates. */
function requireDelegateSelection(context: ElectionContext): void {
  if (context.phase !== 'DELEGATE_SELECTION') throw new NotInDelegateSelectionError(context.phase);
  if (context.seats < 1) throw new ChapterHasNoSeatsError(context.chapterId);
}

function requireSecretariat(context: ElectionContext, memberId: string): void {
  if (!context.secretariat.includes(memberId)) throw new NotOnSecretariatError(memberId, context.conventionId);
}

function started(electionId: string, context: ElectionContext, at: string): DelegateElectionStarted {
  const { conventionId, chapterId, seats, method, alternates, seed } = context;
  return {
    type: 'DelegateElectionStarted',
    data: { electionId, conventionId, chapterId, seats, method, alternates, seed, startedAt: at },
  };
}

function rankings(ballots: readonly DelegateBallotChoice[]) {
  return ballots.flatMap((ballot) => (ballot.method === 'STV' ? [{ ranking: ballot.ranking }] : []));
}

function approvals(ballots: readonly DelegateBallotChoice[]) {
  return ballots.flatMap((ballot) => (ballot.method === 'APPROVAL' ? [{ approved: ballot.approved }] : []));
}

/**
 * Fills the chapter's seats from those standing (all of them when too few stood); the next in
 * the count's order become alternates, as many as the rules allow.
 */
function tally(command: TallyDelegateElection, state: StartedElection): DelegateElectionEvent[] {
  const { electionId, ballots, talliedAt } = command.data;
  const candidates = [...state.candidates];
  let working: DelegateElectionWorking = null;
  let order: readonly string[] = [];
  const fill = Math.min(state.seats, candidates.length);
  if (fill > 0) {
    working =
      state.method === 'STV'
        ? countScottishStv(candidates, rankings(ballots), { seats: fill, seed: state.seed })
        : countApproval(candidates, approvals(ballots), { seats: fill, seed: state.seed });
    order = working.order;
  }
  return [
    {
      type: 'DelegateElectionTallied',
      data: {
        electionId,
        method: state.method,
        seats: state.seats,
        candidates,
        ballots: ballots.length,
        elected: order.slice(0, fill),
        alternates: order.slice(fill, fill + state.alternates),
        working,
        talliedAt,
      },
    },
  ];
}

function decide(command: DelegateElectionCommand, state: DelegateElectionState): DelegateElectionEvent[] {
  switch (command.type) {
    case 'NominateDelegate': {
      const { electionId, context, candidateId, candidateChapterId, nominatedBy, nominatorChapterId, nominatedAt } =
        command.data;
      requireValid([
        ...checkId('candidateId', candidateId),
        ...checkId('nominatedBy', nominatedBy),
        ...checkInstant('nominatedAt', nominatedAt),
      ]);
      requireDelegateSelection(context);
      if (nominatorChapterId !== context.chapterId) throw new NotAChapterMemberError(nominatedBy, context.chapterId);
      if (candidateChapterId !== context.chapterId) throw new NomineeNotInChapterError(candidateId, context.chapterId);
      if (state.status !== 'NONE' && state.status !== 'NOMINATING') throw new NominationsClosedError(electionId);
      if (state.status !== 'NONE' && state.nominations.some((entry) => entry.candidateId === candidateId)) {
        throw new AlreadyNominatedError(candidateId);
      }
      const events: DelegateElectionEvent[] =
        state.status === 'NONE' ? [started(electionId, context, nominatedAt)] : [];
      events.push({ type: 'DelegateCandidateNominated', data: { electionId, candidateId, nominatedBy, nominatedAt } });
      // Standing for oneself is consent.
      if (candidateId === nominatedBy) {
        events.push({ type: 'DelegateNominationAccepted', data: { electionId, candidateId, acceptedAt: nominatedAt } });
      }
      return events;
    }
    case 'ConsentToNomination':
    case 'DeclineNomination': {
      const { electionId, context, candidateId } = command.data;
      const at = command.type === 'ConsentToNomination' ? command.data.consentedAt : command.data.declinedAt;
      requireValid([
        ...checkId('candidateId', candidateId),
        ...checkInstant(command.type === 'ConsentToNomination' ? 'consentedAt' : 'declinedAt', at),
      ]);
      requireDelegateSelection(context);
      const nomination =
        state.status === 'NONE' ? undefined : state.nominations.find((entry) => entry.candidateId === candidateId);
      if (state.status === 'NONE' || nomination === undefined) throw new NominationNotFoundError(candidateId);
      if (state.status !== 'NOMINATING') throw new NominationsClosedError(electionId);
      if (command.type === 'ConsentToNomination') {
        if (nomination.status === 'ACCEPTED') return [];
        return [{ type: 'DelegateNominationAccepted', data: { electionId, candidateId, acceptedAt: at } }];
      }
      if (nomination.status === 'DECLINED') return [];
      return [{ type: 'DelegateNominationDeclined', data: { electionId, candidateId, declinedAt: at } }];
    }
    case 'OpenDelegateVoting': {
      const { electionId, context, openedBy, openedAt } = command.data;
      requireValid([...checkId('openedBy', openedBy), ...checkInstant('openedAt', openedAt)]);
      requireDelegateSelection(context);
      requireSecretariat(context, openedBy);
      if (state.status !== 'NONE' && state.status !== 'NOMINATING')
        throw new DelegateVotingAlreadyOpenedError(electionId);
      const candidates =
        state.status === 'NONE'
          ? []
          : state.nominations.filter((entry) => entry.status === 'ACCEPTED').map((entry) => entry.candidateId);
      return [
        ...(state.status === 'NONE' ? [started(electionId, context, openedAt)] : []),
        { type: 'DelegateVotingOpened', data: { electionId, candidates, openedBy, openedAt } },
      ];
    }
    case 'CloseDelegateVoting': {
      const { electionId, context, closedBy, closedAt } = command.data;
      requireValid([...checkId('closedBy', closedBy), ...checkInstant('closedAt', closedAt)]);
      requireDelegateSelection(context);
      requireSecretariat(context, closedBy);
      if (state.status === 'TALLIED') throw new DelegateElectionTalliedError(electionId);
      // Closed but not tallied: an earlier close stopped half-way, and the handler tallies now.
      if (state.status === 'CLOSED') return [];
      if (state.status !== 'VOTING') throw new DelegateVotingNotOpenError(electionId);
      return [{ type: 'DelegateVotingClosed', data: { electionId, closedBy, closedAt } }];
    }
    case 'TallyDelegateElection': {
      requireValid(checkInstant('talliedAt', command.data.talliedAt));
      if (state.status === 'TALLIED') return [];
      if (state.status !== 'CLOSED') throw new DelegateVotingNotOpenError(command.data.electionId);
      return tally(command, state);
    }
    case 'CredentialDelegate': {
      const { electionId, context, memberId, credentialedBy, credentialedAt } = command.data;
      requireValid([...checkId('memberId', memberId), ...checkInstant('credentialedAt', credentialedAt)]);
      if (context.phase === 'CLOSED') throw new ConventionClosedError(context.conventionId);
      requireSecretariat(context, credentialedBy);
      if (state.status !== 'TALLIED') throw new DelegateElectionNotTalliedError(electionId);
      const entry = state.roster.find((candidate) => candidate.memberId === memberId);
      if (entry === undefined || !entry.seated || entry.withdrawn) throw new NotASeatedDelegateError(memberId);
      if (entry.credentialed) throw new AlreadyCredentialedError(memberId);
      return [{ type: 'DelegateCredentialed', data: { electionId, memberId, credentialedBy, credentialedAt } }];
    }
    case 'WithdrawAsDelegate': {
      const { electionId, context, memberId, withdrewAt } = command.data;
      requireValid([...checkId('memberId', memberId), ...checkInstant('withdrewAt', withdrewAt)]);
      if (context.phase === 'CLOSED') throw new ConventionClosedError(context.conventionId);
      if (state.status !== 'TALLIED') throw new DelegateElectionNotTalliedError(electionId);
      const entry = state.roster.find((candidate) => candidate.memberId === memberId);
      if (entry === undefined) throw new NotADelegateError(memberId);
      if (entry.withdrawn) throw new AlreadyWithdrawnError(memberId);
      if (!entry.seated) return [{ type: 'AlternateWithdrew', data: { electionId, memberId, withdrewAt } }];
      const next = state.roster.find(
        (candidate) => candidate.role === 'ALTERNATE' && !candidate.seated && !candidate.withdrawn,
      );
      return [
        { type: 'DelegateWithdrew', data: { electionId, memberId, withdrewAt } },
        ...(next === undefined
          ? []
          : [
              {
                type: 'AlternateSeated' as const,
                data: { electionId, memberId: next.memberId, replacing: memberId, seatedAt: withdrewAt },
              },
            ]),
      ];
    }
    default:
      return assertNever(command);
  }
}

/**
 * One chapter's delegate election: nominations with consent, voting opened and closed by the
 * secretariat, the count, then credentials and alternates taking vacated seats.
 */
export const delegateElectionDecider: Decider<DelegateElectionCommand, DelegateElectionEvent, DelegateElectionState> = {
  decide,
  evolve: evolveDelegateElection,
  initialState: initialDelegateElectionState,
};
