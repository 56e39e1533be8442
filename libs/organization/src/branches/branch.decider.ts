import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant, checkText, normalizeLine } from '../../../core/src';
import { BranchCommand } from './branch.commands';
import { BranchAlreadyFoundedError } from './branch.errors';
import { BranchEvent } from './branch.events';
import { BranchState, evolveBranch, initialBranchState } from './branch.state';

export const BRANCH_NAME_MIN_LENGTH = 2;
export const BRANCH_NAME_MAX_LENGTH = 100;

/**
 * Only the shape of an ISO 3166-1 alpha-2 code is checked: the list of countries changes, and
 * keeping it current is not the domain's job.
 */
const COUNTRY_CODE = /^[A-Z]{2}$/;

function checkCountryCode(countryCode: string): FieldProblem[] {
  return COUNTRY_CODE.test(countryCode)
    ? []
    : [{ field: 'countryCode', message: 'must be an ISO 3166-1 alpha-2 code of two upper-case letters, e.g. FR' }];
}

function decide(command: BranchCommand, state: BranchState): BranchEvent[] {
  switch (command.type) {
    case 'FoundBranch': {
      const { branchId, name, countryCode, foundedAt } = command.data;
      const normalizedName = normalizeLine(name);
      const problems = [
        ...checkText('name', normalizedName, BRANCH_NAME_MIN_LENGTH, BRANCH_NAME_MAX_LENGTH, 'A branch name'),
        ...checkCountryCode(countryCode),
        ...checkInstant('foundedAt', foundedAt),
      ];
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status !== 'unknown') throw new BranchAlreadyFoundedError(branchId);
      return [{ type: 'BranchFounded', data: { branchId, name: normalizedName, countryCode, foundedAt } }];
    }
    default:
      return assertNever(command.type);
  }
}

/** Founds the national branches of the organization. */
export const branchDecider: Decider<BranchCommand, BranchEvent, BranchState> = {
  decide,
  evolve: evolveBranch,
  initialState: initialBranchState,
};
