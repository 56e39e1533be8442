/** Founds a national branch for one country. */
export type FoundBranch = {
  type: 'FoundBranch';
  data: { branchId: string; name: string; countryCode: string; foundedAt: string };
};

/** Everything that can be asked of a branch. */
export type BranchCommand = FoundBranch;
