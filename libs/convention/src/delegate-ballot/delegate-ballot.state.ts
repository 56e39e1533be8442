import { DelegateBallotChoice, DelegateBallotEvent } from './delegate-ballot.events';

/** The voter's latest ballot in their convention's delegate selection, and the election it is in. */
export type DelegateBallotState = { readonly electionId: string | null; readonly choice: DelegateBallotChoice | null };

export const initialDelegateBallotState = (): DelegateBallotState => ({ electionId: null, choice: null });

export const evolveDelegateBallot = (_state: DelegateBallotState, event: DelegateBallotEvent): DelegateBallotState => ({
  electionId: event.data.electionId,
  choice: event.data.choice,
});
