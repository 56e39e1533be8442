import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant, checkText, compareInstants, normalizeLine, normalizeText } from '../../../core/src';
import { INTERIM_RULES_DECISION_KIND } from '../interim-rules/interim-rules.events';
import { InterimDecisionCommand, ProposeInterimDecision } from './interim-decision.commands';
import {
  DECISION_KIND_MAX_LENGTH,
  checkInterimDecisionRules,
  checkInterimRules,
  normalizeInterimRules,
} from './interim-decision.rules';
import {
  InterimDecisionAlreadyProposedError,
  InterimDecisionClosedError,
  InterimDecisionKindNotAllowedError,
  InterimDecisionNotFoundError,
  InterimDecisionStillOpenError,
  NotOnDecidingCommitteeError,
} from './interim-decision.errors';
import { InterimDecisionEvent, InterimVote } from './interim-decision.events';
import {
  InterimDecisionState,
  evolveInterimDecision,
  initialInterimDecisionState,
  isOutcomeCertain,
  meetsInterimRules,
  tallyInterimVotes,
} from './interim-decision.state';

export const DECISION_TITLE_MAX_LENGTH = 200;
export const DECISION_TEXT_MAX_LENGTH = 20000;

const VOTES: readonly InterimVote[] = ['support', 'object', 'abstain'];

function checkId(field: string, value: string): FieldProblem[] {
  return value.trim().length === 0 ? [{ field, message: 'must not be empty' }] : [];
}

function checkCommittee(committee: readonly string[]): FieldProblem[] {
  if (committee.length === 0) return [{ field: 'committee', message: 'A decision needs a committee to vote on it' }];
  if (new Set(committee).size !== committee.length) {
    return [{ field: 'committee', message: 'must not name a member twice' }];
  }
  return committee.flatMap((memberId, index) => checkId(`committee[${index}]`, memberId));
}

/** A decision of kind `interim-rules` states the rules it would put in force; no other kind does. */
function checkProposedRules(data: ProposeInterimDecision['data']): FieldProblem[] {
  const proposesRules = normalizeLine(data.kind) === INTERIM_RULES_DECISION_KIND;
  if (data.interimRules === undefined || data.interimRules === null) {
    return proposesRules
      ? [
          {
            field: 'interimRules',
            message: `A decision of kind "${INTERIM_RULES_DECISION_KIND}" must state the rules it puts in force`,
          },
        ]
      : [];
  }
  if (!proposesRules) {
    return [
      {
        field: 'interimRules',
        message: `Only a decision of kind "${INTERIM_RULES_DECISION_KIND}" states interim rules`,
      },
    ];
  }
  return checkInterimRules(data.interimRules, 'interimRules.');
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
    ...checkProposedRules(data),
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
            decisionId: data.decisionId,
            proposedBy: data.proposedBy,
            deadline: data.deadline,
            proposedAt: data.proposedAt,
            kind,
            title: normalizeLine(data.title),
            text: normalizeText(data.text),
            committee: [...data.committee],
            rules: { ...data.rules, minimumSupport: { ...data.rules.minimumSupport }, allowedKinds },
            ...(data.interimRules ? { interimRules: normalizeInterimRules(data.interimRules) } : {}),
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
      if (beforeDeadline && !isOutcomeCertain(tally, state.rules)) {
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
