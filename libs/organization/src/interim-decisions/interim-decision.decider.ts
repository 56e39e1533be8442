import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant, checkText, compareInstants, normalizeLine, normalizeText } from '../text';
import { InterimDecisionCommand, ProposeInterimDecision } from './interim-decision.commands';
import {
  InterimDecisionAlreadyProposedError,
  InterimDecisionClosedError,
  InterimDecisionKindNotAllowedError,
  InterimDecisionNotFoundError,
  InterimDecisionStillOpenError,
  NotOnDecidingCommitteeError,
} from './interim-decision.errors';
import { InterimDecisionEvent, InterimDecisionRules, InterimVote } from './interim-decision.events';
import {
  InterimDecisionState,
  evolveInterimDecision,
  initialInterimDecisionState,
  isAdoptionCertain,
  meetsInterimRules,
  tallyInterimVotes,
} from './interim-decision.state';

export const DECISION_KIND_MAX_LENGTH = 64;
export const DECISION_TITLE_MAX_LENGTH = 200;
export const DECISION_TEXT_MAX_LENGTH = 20000;

const VOTES: readonly InterimVote[] = ['support', 'object', 'abstain'];

function checkId(field: string, value: string): FieldProblem[] {
  return value.trim().length === 0 ? [{ field, message: 'must not be empty' }] : [];
}

function isNonNegativeInteger(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** What is wrong with a set of decision rules, field by field (shared with the interim rules). */
export function checkInterimDecisionRules(rules: InterimDecisionRules): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const { numerator, denominator } = rules.minimumSupport;
  if (!isNonNegativeInteger(denominator) || denominator === 0) {
    problems.push({ field: 'rules.minimumSupport.denominator', message: 'must be a positive integer' });
  } else if (!isNonNegativeInteger(numerator) || numerator > denominator) {
    problems.push({
      field: 'rules.minimumSupport.numerator',
      message: 'must be an integer from 0 to the denominator',
    });
  }
  if (!isNonNegativeInteger(rules.maximumObjections)) {
    problems.push({ field: 'rules.maximumObjections', message: 'must be a non-negative integer' });
  }
  rules.allowedKinds?.forEach((kind, index) => {
    problems.push(
      ...checkText(`rules.allowedKinds[${index}]`, normalizeLine(kind), 1, DECISION_KIND_MAX_LENGTH, 'A kind'),
    );
  });
  return problems;
}

function checkCommittee(committee: readonly string[]): FieldProblem[] {
  if (committee.length === 0) return [{ field: 'committee', message: 'A decision needs a committee to vote on it' }];
  if (new Set(committee).size !== committee.length) {
    return [{ field: 'committee', message: 'must not name a member twice' }];
  }
  return committee.flatMap((memberId, index) => checkId(`committee[${index}]`, memberId));
}

function checkProposal(data: ProposeInterimDecision['data']): FieldProblem[] {
  const problems = [
    ...checkId('decisionId', data.decisionId),
    ...checkText('kind', normalizeLine(data.kind), 1, DECISION_KIND_MAX_LENGTH, 'A kind'),
    ...checkText('title', normalizeLine(data.title), 1, DECISION_TITLE_MAX_LENGTH, 'A title'),
    ...checkText('text', normalizeText(data.text), 1, DECISION_TEXT_MAX_LENGTH, 'A text', true),
    ...checkId('proposedBy', data.proposedBy),
    ...checkCommittee(data.committee),
    ...checkInterimDecisionRules(data.rules),
    ...checkInstant('deadline', data.deadline),
    ...checkInstant('proposedAt', data.proposedAt),
  ];
  if (problems.length === 0 && compareInstants(data.deadline, data.proposedAt) <= 0) {
    problems.push({ field: 'deadline', message: 'must be later than the time of the proposal' });
  }
  return problems;
}

function decide(command: InterimDecisionCommand, state: InterimDecisionState): InterimDecisionEvent[] {
  switch (command.type) {
    case 'ProposeInterimDecision': {
      const { data } = command;
      const problems = checkProposal(data);
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'unknown') throw new InterimDecisionAlreadyProposedError(data.decisionId);
      const kind = normalizeLine(data.kind);
      const allowedKinds = data.rules.allowedKinds?.map(normalizeLine) ?? null;
      if (allowedKinds !== null && !allowedKinds.includes(kind)) {
        throw new InterimDecisionKindNotAllowedError(kind, allowedKinds);
      }
      if (!data.committee.includes(data.proposedBy)) {
        throw new NotOnDecidingCommitteeError(data.proposedBy, data.decisionId);
      }
      return [
        {
          type: 'InterimDecisionProposed',
          data: {
            ...data,
            kind,
            title: normalizeLine(data.title),
            text: normalizeText(data.text),
            committee: [...data.committee],
            rules: { ...data.rules, minimumSupport: { ...data.rules.minimumSupport }, allowedKinds },
          },
        },
      ];
    }
    case 'VoteOnInterimDecision': {
      const { decisionId, memberId, vote, votedAt } = command.data;
      const problems = [...checkId('memberId', memberId), ...checkInstant('votedAt', votedAt)];
      if (!VOTES.includes(vote)) problems.push({ field: 'vote', message: `must be one of ${VOTES.join(', ')}` });
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status === 'unknown') throw new InterimDecisionNotFoundError(decisionId);
      if (!state.committee.includes(memberId)) throw new NotOnDecidingCommitteeError(memberId, decisionId);
      if (state.status !== 'open') throw new InterimDecisionClosedError(decisionId, state.status);
      // Closing is allowed at the deadline, so a vote at that same instant would race it.
      if (compareInstants(votedAt, state.deadline) >= 0) {
        throw new InterimDecisionClosedError(decisionId, 'deadline passed');
      }
      if (state.votes[memberId] === vote) return [];
      return [{ type: 'InterimDecisionVoteCast', data: { decisionId, memberId, vote, votedAt } }];
    }
    case 'CloseInterimDecision': {
      const { decisionId, closedAt } = command.data;
      const problems = checkInstant('closedAt', closedAt);
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status === 'unknown') throw new InterimDecisionNotFoundError(decisionId);
      if (state.status !== 'open') throw new InterimDecisionClosedError(decisionId, state.status);
      const tally = tallyInterimVotes(state.committee, state.votes);
      const beforeDeadline = compareInstants(closedAt, state.deadline) < 0;
      if (beforeDeadline && !isAdoptionCertain(tally, state.rules)) {
        throw new InterimDecisionStillOpenError(decisionId, state.deadline);
      }
      return meetsInterimRules(tally, state.rules)
        ? [{ type: 'InterimDecisionAdopted', data: { decisionId, tally, adoptedAt: closedAt } }]
        : [{ type: 'InterimDecisionLapsed', data: { decisionId, tally, lapsedAt: closedAt } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * Takes a committee decision through proposal, votes and closing. It passes only with
 * overwhelming support of the committee as it stood when the decision was proposed.
 */
export const interimDecisionDecider: Decider<InterimDecisionCommand, InterimDecisionEvent, InterimDecisionState> = {
  decide,
  evolve: evolveInterimDecision,
  initialState: initialInterimDecisionState,
};
