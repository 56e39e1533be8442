import { assertNever } from '../../../core/src';
import { BranchEvent } from './branch.events';

/** A national branch, or nothing before it is founded. */
export type BranchState =
  { status: 'unknown' } | { status: 'founded'; branchId: string; name: string; countryCode: string };

export const initialBranchState = (): BranchState => ({ status: 'unknown' });

export function evolveBranch(_state: BranchState, event: BranchEvent): BranchState {
  switch (event.type) {
    case 'BranchFounded':
      return {
        status: 'founded',
        branchId: event.data.branchId,
        name: event.data.name,
        countryCode: event.data.countryCode,
      };
    default:
      return assertNever(event.type);
  }
}
