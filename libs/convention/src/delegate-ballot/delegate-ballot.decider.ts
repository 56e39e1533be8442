import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant } from '../../../core/src';
import {
  AlreadyVotedElsewhereError,
  DelegateVotingNotOpenError,
  DuplicateMarkError,
  NotAChapterMemberError,
  NotInDelegateSelectionError,
  UnknownCandidateError,
} from '../delegate-election/delegate-election.errors';
import { DelegateBallotCommand } from './delegate-ballot.commands';
import { DelegateBallotChoice, DelegateBallotEvent } from './delegate-ballot.events';
import { DelegateBallotState, evolveDelegateBallot, initialDelegateBallotState } from './delegate-ballot.state';

/** The ballot's form must match the election's method; then every mark names one candidate, once. */
function checkChoice(choice: DelegateBallotChoice, method: 'STV' | 'APPROVAL', candidates: readonly string[]): void {
  if (choice.method !== method) {
    const problem: FieldProblem = {
      field: method === 'STV' ? 'ranking' : 'approved',
      message: `this election is counted by ${method}`,
    };
    throw new InvalidInputError([problem]);
  }
  const field = choice.method === 'STV' ? 'ranking' : 'approved';
  const marks = choice.method === 'STV' ? choice.ranking : choice.approved;
  const unknown = [...new Set(marks.filter((candidate) => !candidates.includes(candidate)))];
  if (unknown.length > 0) throw new UnknownCandidateError(field, unknown);
  const repeated = [...new Set(marks.filter((candidate, index) => marks.indexOf(candidate) !== index))];
  if (repeated.length > 0) throw new DuplicateMarkError(field, repeated);
}

const sameChoice = (a: DelegateBallotChoice, b: DelegateBallotChoice): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

function decide(command: DelegateBallotCommand, state: DelegateBallotState): DelegateBallotEvent[] {
  switch (command.type) {
    case 'CastDelegateBallot': {
      const { electionId, voterId, voterKey, voterChapterId, election, choice, castAt } = command.data;
      const timing = checkInstant('castAt', castAt);
      if (timing.length > 0) throw new InvalidInputError(timing);
      if (election.phase !== 'DELEGATE_SELECTION') throw new NotInDelegateSelectionError(election.phase);
      // Only the chapter's own members may vote, whatever the state of the election.
      if (voterChapterId !== election.chapterId) throw new NotAChapterMemberError(voterId, election.chapterId);
      if (election.status !== 'VOTING') throw new DelegateVotingNotOpenError(electionId);
      checkChoice(choice, election.method, election.candidates);
      const normalized: DelegateBallotChoice =
        choice.method === 'STV'
          ? { method: 'STV', ranking: [...choice.ranking] }
          : { method: 'APPROVAL', approved: [...choice.approved].sort() };
      // One ballot per member in a convention's delegate selection, whichever chapter they are in now.
      if (state.electionId !== null && state.electionId !== electionId) throw new AlreadyVotedElsewhereError();
      if (state.choice !== null && sameChoice(state.choice, normalized)) return [];
      return [{ type: 'DelegateBallotCast', data: { electionId, voterKey, choice: normalized, castAt } }];
    }
    default:
      return assertNever(command.type);
  }
}

/** One voter's ballot in one delegate election: cast, or replaced by a later one. */
export const delegateBallotDecider: Decider<DelegateBallotCommand, DelegateBallotEvent, DelegateBallotState> = {
  decide,
  evolve: evolveDelegateBallot,
  initialState: initialDelegateBallotState,
};
