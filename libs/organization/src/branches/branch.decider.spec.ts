import { InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { branchDecider } from './branch.decider';
import { BranchAlreadyFoundedError } from './branch.errors';
import { branchStream } from './branch.events';

const branchId = 'b1000000-0000-4000-8000-000000000001';
const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(branchDecider);

describe('branch decider', () => {
  it('names its stream after the branch', () => {
    expect(branchStream(branchId)).toBe(`Branch-${branchId}`);
  });

  it('founds a national branch with a normalized name', () => {
    spec
      .given([])
      .when({ type: 'FoundBranch', data: { branchId, name: '  Section   France ', countryCode: 'FR', foundedAt: at } })
      .then([{ type: 'BranchFounded', data: { branchId, name: 'Section France', countryCode: 'FR', foundedAt: at } }]);
  });

  it.each(['fr', 'FRA', 'F', '', 'F1', ' FR'])('rejects the country code %j', (countryCode) => {
    const error = spec
      .given([])
      .when({ type: 'FoundBranch', data: { branchId, name: 'Section France', countryCode, foundedAt: at } })
      .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['countryCode']);
  });

  it('names every bad field at once', () => {
    const error = spec
      .given([])
      .when({ type: 'FoundBranch', data: { branchId, name: ' ', countryCode: 'france', foundedAt: 'now' } })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual(['name', 'countryCode', 'foundedAt']);
  });

  it('rejects a name that is too long', () => {
    const error = spec
      .given([])
      .when({ type: 'FoundBranch', data: { branchId, name: 'x'.repeat(101), countryCode: 'FR', foundedAt: at } })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems).toEqual([{ field: 'name', message: expect.stringContaining('at most 100') }]);
  });

  it('refuses to found the same branch twice', () => {
    spec
      .given([{ type: 'BranchFounded', data: { branchId, name: 'Section France', countryCode: 'FR', foundedAt: at } }])
      .when({ type: 'FoundBranch', data: { branchId, name: 'Section France', countryCode: 'FR', foundedAt: at } })
      .thenThrows(BranchAlreadyFoundedError, 'BRANCH_ALREADY_FOUNDED');
  });
});
