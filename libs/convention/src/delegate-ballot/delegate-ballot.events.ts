/** A ranking (STV, most preferred first) or a set of approvals (APPROVAL, any order). */
export type DelegateBallotChoice =
  | { readonly method: 'STV'; readonly ranking: readonly string[] }
  | { readonly method: 'APPROVAL'; readonly approved: readonly string[] };

/**
 * Events of one voter's ballot stream, DelegateBallot-<electionId>-<memberId>. Keeping each
 * voter in a stream of their own keeps the election stream from growing with the electorate; a
 * later ballot replaces the earlier.
 */
export type DelegateBallotCast = {
  type: 'DelegateBallotCast';
  data: { electionId: string; voterId: string; choice: DelegateBallotChoice; castAt: string };
};

export type DelegateBallotEvent = DelegateBallotCast;

export const delegateBallotStreamPrefix = (electionId: string): string => `DelegateBallot-${electionId}-`;

export const delegateBallotStream = (electionId: string, voterId: string): string =>
  `${delegateBallotStreamPrefix(electionId)}${voterId}`;
