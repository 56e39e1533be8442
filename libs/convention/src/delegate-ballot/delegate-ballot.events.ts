/** A ranking (STV, most preferred first) or a set of approvals (APPROVAL, any order). */
export type DelegateBallotChoice =
  | { readonly method: 'STV'; readonly ranking: readonly string[] }
  | { readonly method: 'APPROVAL'; readonly approved: readonly string[] };

/**
 * Events of one voter's ballot stream in one convention's delegate selection,
 * DelegateBallot-<conventionId>-<voterKey>. The voter key is an HMAC of the member under the
 * selection's secret key, destroyed once every chapter has counted, so no event names the voter
 * and, afterwards, nothing links a ballot to them. One stream per member and convention: a later
 * ballot replaces the earlier, and a member who moved chapters cannot vote a second time.
 */
export type DelegateBallotCast = {
  type: 'DelegateBallotCast';
  data: { electionId: string; voterKey: string; choice: DelegateBallotChoice; castAt: string };
};

export type DelegateBallotEvent = DelegateBallotCast;

export const delegateBallotStreamPrefix = (conventionId: string): string => `DelegateBallot-${conventionId}-`;

export const delegateBallotStream = (conventionId: string, voterKey: string): string =>
  `${delegateBallotStreamPrefix(conventionId)}${voterKey}`;

/** The vault's name for the secret key of a convention's delegate selection. */
export const delegateSelectionKeyId = (conventionId: string): string => `delegate-selection/${conventionId}`;
