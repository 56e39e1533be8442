import { DelegateBallotChoice, DelegateBallotEvent } from './delegate-ballot.events';

/** The voter's latest ballot in one election. */
export type DelegateBallotState = { readonly choice: DelegateBallotChoice | null };

export const initialDelegateBallotState = (): DelegateBallotState => ({ choice: null });

export const evolveDelegateBallot = (_state: DelegateBallotState, event: DelegateBallotEvent): DelegateBallotState => ({
  choice: event.data.choice,
});
