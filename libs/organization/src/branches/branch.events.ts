/** Events of one national branch's stream, Branch-<branchId>. */
export type BranchFounded = {
  type: 'BranchFounded';
  data: { branchId: string; name: string; countryCode: string; foundedAt: string };
};

/** Everything that can happen to a branch. */
export type BranchEvent = BranchFounded;

export const branchStream = (branchId: string): string => `Branch-${branchId}`;
