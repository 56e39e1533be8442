import { DomainError } from '../../../core/src';

export class BranchAlreadyFoundedError extends DomainError {
  constructor(branchId: string) {
    super('CONFLICT', 'BRANCH_ALREADY_FOUNDED', `Branch ${branchId} has already been founded`, { branchId });
  }
}
