import { Decider, FieldProblem, assertNever } from '../../../core/src';
import { Rational } from '../../../voting/src';
import { AgendaFacts, agendaBlocks } from '../agenda/agenda';
import { NotACredentialedDelegateError, NotSecretariatError, WrongConventionPhaseError } from '../errors';
import { SecretariatFacts, VoteRules } from '../facts';
import { checkVoteRules } from '../vote-rules';
import { checkAt, checkCount, checkId, rejectProblems } from '../validation';
import { ConventionVoteCommand, OpenConventionVote } from './convention-vote.commands';
import {
  ConventionVoteAlreadyOpenedError,
  ConventionVoteCancelledError,
  ConventionVoteClosedError,
  ConventionVoteNotFoundError,
  ElectorateExceededError,
  SeatNotInElectorateError,
  VoteCannotOpenError,
} from './convention-vote.errors';
import {
  ConventionBallot,
  ConventionElectorate,
  ConventionVoteEvent,
  ConventionVoteSubject,
} from './convention-vote.events';
import {
  ConventionVoteState,
  ballotList,
  evolveConventionVote,
  initialConventionVoteState,
} from './convention-vote.state';
import { NONE_OF_THESE, tallyConventionVote } from './convention-vote.tally';

const CHOICES = ['yes', 'no', 'abstain'];

function parsePositive(field: string, value: string): { problems: FieldProblem[]; value: Rational | null } {
  try {
    const parsed = Rational.parse(value);
    if (parsed.isNegative() || parsed.isZero())
      return { problems: [{ field, message: 'must be positive' }], value: null };
    return { problems: [], value: parsed };
  } catch {
    return { problems: [{ field, message: 'must be a rational number such as "1", "3/2" or "0.5"' }], value: null };
  }
}

/** Whether counting needs the weight present (a threshold or quorum of those present). */
function needsPresent(rules: VoteRules): boolean {
  return (rules.threshold.kind === 'fraction' && rules.threshold.of === 'present') || rules.quorum?.of === 'present';
}

function requireSecretariat(actor: SecretariatFacts): void {
  if (!actor.isSecretariat) throw new NotSecretariatError(actor.memberId);
}

function checkSubject(subject: ConventionVoteSubject): FieldProblem[] {
  switch (subject?.kind) {
    case 'amendment':
      return [
        ...checkId('subject.amendmentId', subject.amendmentId),
        ...checkId('subject.proposalId', subject.proposalId),
      ];
    case 'proposal':
      return checkId('subject.proposalId', subject.proposalId);
    case 'competing-proposals': {
      const ids = subject.proposalIds ?? [];
      if (ids.length < 2 || new Set(ids).size !== ids.length || ids.some((id) => checkId('', id).length > 0)) {
        return [{ field: 'subject.proposalIds', message: 'must name at least two different proposals' }];
      }
      return checkId('subject.subject', subject.subject);
    }
    default:
      return [{ field: 'subject.kind', message: 'must be amendment, proposal or competing-proposals' }];
  }
}

/** The agenda must allow the vote: nothing of what it decides may have undecided amendments. */
function checkAgenda(subject: ConventionVoteSubject, agenda: AgendaFacts): void {
  const check = (proposalId: string, amendmentId: string | null): void => {
    const [block] = agendaBlocks(agenda, proposalId, amendmentId);
    if (block !== undefined)
      throw new VoteCannotOpenError(
        amendmentId === null ? `proposal ${proposalId}` : `amendment ${amendmentId}`,
        block,
      );
  };
  switch (subject.kind) {
    case 'amendment':
      return check(subject.proposalId, subject.amendmentId);
    case 'proposal':
      return check(subject.proposalId, null);
    case 'competing-proposals': {
      for (const proposalId of subject.proposalIds) check(proposalId, null);
      const off = subject.proposalIds.filter(
        (proposalId) =>
          agenda.proposals.find((proposal) => proposal.proposalId === proposalId)?.subject !== subject.subject,
      );
      if (off.length > 0) {
        rejectProblems([
          { field: 'subject.proposalIds', message: `${off.join(', ')} are not on the subject "${subject.subject}"` },
        ]);
      }
      return;
    }
    default:
      return assertNever(subject);
  }
}

/**
 * Seat weights must give every seat of the electorate a positive weight (and no other seat),
 * adding up to its total weight; returns them in lowest terms, in seat order.
 */
function checkSeatWeights(electorate: ConventionElectorate): {
  problems: FieldProblem[];
  weights: Record<string, string> | undefined;
} {
  if (electorate.seatWeights === undefined) return { problems: [], weights: undefined };
  const seats = electorate.seatIds ?? [];
  const named = Object.keys(electorate.seatWeights);
  if (
    electorate.seatIds === undefined ||
    named.length !== seats.length ||
    seats.some((seatId) => !Object.prototype.hasOwnProperty.call(electorate.seatWeights, seatId))
  ) {
    return {
      problems: [
        {
          field: 'electorate.seatWeights',
          message: 'must give a weight to each seat of the electorate, and only to those',
        },
      ],
      weights: undefined,
    };
  }
  const weights: Record<string, string> = {};
  let total = Rational.ZERO;
  for (const seatId of [...seats].sort()) {
    const weight = parsePositive(`electorate.seatWeights.${seatId}`, electorate.seatWeights[seatId] as string);
    if (weight.value === null) return { problems: weight.problems, weights: undefined };
    weights[seatId] = weight.value.toString();
    total = total.add(weight.value);
  }
  const given = parsePositive('electorate.totalWeight', electorate.totalWeight).value;
  if (given !== null && !given.equals(total)) {
    return {
      problems: [{ field: 'electorate.totalWeight', message: `must be the sum of the seat weights (${total})` }],
      weights: undefined,
    };
  }
  return { problems: [], weights };
}

function open(command: OpenConventionVote, state: ConventionVoteState): ConventionVoteEvent[] {
  const { voteId, conventionId, subject, openedBy, phase, agenda, rules, electorate, openedAt } = command.data;
  const seatWeights = checkSeatWeights(electorate);
  rejectProblems(
    checkId('voteId', voteId),
    checkId('conventionId', conventionId),
    checkSubject(subject),
    checkVoteRules(rules),
    checkCount('electorate.seats', electorate.seats, 1),
    parsePositive('electorate.totalWeight', electorate.totalWeight).problems,
    seatWeights.problems,
    checkAt('openedAt', openedAt),
  );
  if (state.status !== 'unknown') throw new ConventionVoteAlreadyOpenedError(voteId);
  requireSecretariat(openedBy);
  if (phase !== 'voting') throw new WrongConventionPhaseError('Opening a vote', phase, ['voting']);
  checkAgenda(subject, agenda);
  return [
    {
      type: 'ConventionVoteOpened',
      data: {
        voteId,
        conventionId,
        subject,
        method: subject.kind === 'competing-proposals' ? 'ranked' : 'yes-no',
        rules,
        electorate: {
          seats: electorate.seats,
          totalWeight: Rational.parse(electorate.totalWeight).toString(),
          ...(electorate.seatIds === undefined ? {} : { seatIds: [...electorate.seatIds].sort() }),
          ...(seatWeights.weights === undefined ? {} : { seatWeights: seatWeights.weights }),
        },
        openedBy: openedBy.memberId,
        openedAt,
      },
    },
  ];
}

function checkBallot(
  ballot: ConventionBallot,
  method: ConventionBallot['method'],
  subject: ConventionVoteSubject,
): FieldProblem[] {
  if (ballot?.method !== method) return [{ field: 'ballot.method', message: `this vote takes ${method} ballots` }];
  if (ballot.method === 'yes-no') {
    return CHOICES.includes(ballot.choice) ? [] : [{ field: 'ballot.choice', message: 'must be yes, no or abstain' }];
  }
  const options = subject.kind === 'competing-proposals' ? [...subject.proposalIds, NONE_OF_THESE] : [];
  const ranking = ballot.ranking ?? [];
  if (
    !Array.isArray(ranking) ||
    new Set(ranking).size !== ranking.length ||
    ranking.some((id) => !options.includes(id))
  ) {
    return [
      {
        field: 'ballot.ranking',
        message: `must rank proposals of this vote or ${NONE_OF_THESE}, each at most once`,
      },
    ];
  }
  return [];
}

function decide(command: ConventionVoteCommand, state: ConventionVoteState): ConventionVoteEvent[] {
  switch (command.type) {
    case 'OpenConventionVote':
      return open(command, state);
    case 'CastConventionBallot': {
      const { voteId, voter, ballot, castAt } = command.data;
      // A vote opened with seat weights weighs the seat as the opening recorded it.
      const seatWeight = state.status === 'unknown' ? undefined : state.electorate.seatWeights?.[voter.seatId];
      const weight = parsePositive('voter.weight', seatWeight ?? voter.weight);
      rejectProblems(
        checkId('voter.memberId', voter.memberId),
        checkId('voter.seatId', voter.seatId),
        weight.problems,
        checkAt('castAt', castAt),
      );
      if (state.status === 'unknown') throw new ConventionVoteNotFoundError(voteId);
      if (!voter.isCredentialedDelegate) throw new NotACredentialedDelegateError(voter.memberId);
      if (state.status === 'cancelled') throw new ConventionVoteCancelledError(voteId, 'cancelled');
      if (state.status !== 'open') throw new ConventionVoteClosedError(voteId);
      rejectProblems(checkBallot(ballot, state.method, state.subject));
      const cast: ConventionBallot =
        ballot.method === 'yes-no'
          ? { method: 'yes-no', choice: ballot.choice }
          : { method: 'ranked', ranking: [...ballot.ranking] };
      const weightText = (weight.value as Rational).toString();
      const previous = state.ballots[voter.seatId];
      if (
        previous !== undefined &&
        previous.memberId === voter.memberId &&
        previous.weight === weightText &&
        JSON.stringify(previous.ballot) === JSON.stringify(cast)
      ) {
        return [];
      }
      if (state.electorate.seatIds !== undefined && !state.electorate.seatIds.includes(voter.seatId)) {
        throw new SeatNotInElectorateError(voteId, voter.seatId);
      }
      const others = ballotList(state.ballots).filter((other) => other.seatId !== voter.seatId);
      const weightAfter = others.reduce(
        (sum, other) => sum.add(Rational.parse(other.weight)),
        weight.value as Rational,
      );
      if (others.length + 1 > state.electorate.seats || weightAfter.gt(Rational.parse(state.electorate.totalWeight))) {
        throw new ElectorateExceededError(voteId);
      }
      return [
        {
          type: 'ConventionBallotCast',
          data: { voteId, seatId: voter.seatId, memberId: voter.memberId, weight: weightText, ballot: cast, castAt },
        },
      ];
    }
    case 'EndConventionVoting': {
      const { voteId, endedBy, endedAt } = command.data;
      rejectProblems(checkAt('endedAt', endedAt));
      if (state.status === 'unknown') throw new ConventionVoteNotFoundError(voteId);
      requireSecretariat(endedBy);
      if (state.status === 'cancelled') throw new ConventionVoteCancelledError(voteId, 'cancelled');
      if (state.status === 'closed') throw new ConventionVoteClosedError(voteId);
      // Ending twice draws no second line: a close interrupted before its count is completed.
      if (state.status === 'counting') return [];
      return [{ type: 'ConventionVotingEnded', data: { voteId, endedBy: endedBy.memberId, endedAt } }];
    }
    case 'CloseConventionVote': {
      const { voteId, closedBy, present, closedAt } = command.data;
      const presentWeight = present === null ? null : parsePositive('present', present);
      rejectProblems(presentWeight?.problems ?? [], checkAt('closedAt', closedAt));
      if (state.status === 'unknown') throw new ConventionVoteNotFoundError(voteId);
      requireSecretariat(closedBy);
      if (state.status === 'closed') throw new ConventionVoteClosedError(voteId);
      if (state.status === 'cancelled') throw new ConventionVoteCancelledError(voteId, 'cancelled');
      const participation = ballotList(state.ballots).reduce(
        (sum, ballot) => sum.add(Rational.parse(ballot.weight)),
        Rational.ZERO,
      );
      const presentValue = presentWeight?.value ?? null;
      if (
        presentValue !== null &&
        (presentValue.gt(Rational.parse(state.electorate.totalWeight)) || presentValue.lt(participation))
      ) {
        rejectProblems([
          {
            field: 'present',
            message: `must be from the weight that voted (${participation}) to the electorate (${state.electorate.totalWeight})`,
          },
        ]);
      }
      if (present === null && needsPresent(state.rules)) {
        rejectProblems([
          { field: 'present', message: 'the rules of this vote refer to those present; give their weight' },
        ]);
      }
      const tally = tallyConventionVote(
        {
          voteId,
          subject: state.subject,
          rules: state.rules,
          electorate: state.electorate,
          present: presentWeight?.value?.toString() ?? null,
        },
        ballotList(state.ballots),
      );
      return [{ type: 'ConventionVoteClosed', data: { voteId, tally, closedBy: closedBy.memberId, closedAt } }];
    }
    case 'CancelConventionVote': {
      const { voteId, reason, message, cancelledAt } = command.data;
      rejectProblems(checkAt('cancelledAt', cancelledAt));
      if (state.status === 'unknown') throw new ConventionVoteNotFoundError(voteId);
      if (state.status === 'cancelled') return [];
      // Once voting has ended (or the count is in) the vote went ahead: there is nothing to cancel.
      if (state.status !== 'open') throw new ConventionVoteClosedError(voteId);
      return [{ type: 'ConventionVoteCancelled', data: { voteId, reason, message, cancelledAt } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * A roll-call vote of the convention on an amendment, a proposal, or competing proposals: opened
 * by the secretariat when the agenda allows, ballots by seat that may change until the close, and
 * the tally with its working recorded at the close.
 */
export const conventionVoteDecider: Decider<ConventionVoteCommand, ConventionVoteEvent, ConventionVoteState> = {
  decide,
  evolve: evolveConventionVote,
  initialState: initialConventionVoteState,
};
