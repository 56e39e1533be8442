import { ConventionPhase, RulesOfProcedure } from './convention.rules';

/** Calls a convention. The handler has checked that `calledBy` sits on the committee. */
export type CallConvention = {
  type: 'CallConvention';
  data: { conventionId: string; title: string; rules: RulesOfProcedure; calledBy: string; calledAt: string };
};
/** Appoints a member to the secretariat; the handler has checked that `appointedBy` sits on the committee. */
export type AppointSecretariatMember = {
  type: 'AppointSecretariatMember';
  data: { conventionId: string; memberId: string; appointedBy: string; appointedAt: string };
};
/** Removes a member from the secretariat; the handler has checked that `removedBy` sits on the committee. */
export type RemoveSecretariatMember = {
  type: 'RemoveSecretariatMember';
  data: { conventionId: string; memberId: string; removedBy: string; removedAt: string };
};

/** Member counts per chapter, read from the membership read model at a log position. */
export interface MembershipCount {
  readonly cutoffPosition: string;
  readonly chapters: readonly { readonly chapterId: string; readonly members: number }[];
}

/** A condition outside this decider that a handler checked and found unmet. */
export interface PhaseBlocker {
  readonly code: string;
  readonly message: string;
}

/**
 * What the handler found out before asking to move on: facts that live in other streams or read
 * models. Later slices add their own checks as `blockers` without changing this decider.
 */
export interface PhaseFacts {
  /** Needed to enter DELEGATE_SELECTION: the seats are apportioned from it. */
  readonly membership?: MembershipCount;
  /** Budget for one page of the apportionment, in bytes of JSON; below the store's append limit. */
  readonly pageBytes?: number;
  /** Chapters whose delegate election has been tallied; needed to leave DELEGATE_SELECTION. */
  readonly talliedElections?: readonly string[];
  /** Any unmet condition checked elsewhere blocks the move. */
  readonly blockers?: readonly PhaseBlocker[];
}

/** Moves the convention one phase forward; only a member of its secretariat may. */
export type AdvanceConventionPhase = {
  type: 'AdvanceConventionPhase';
  data: {
    conventionId: string;
    to: ConventionPhase;
    advancedBy: string;
    advancedAt: string;
    facts: PhaseFacts;
  };
};

export type ConventionCommand =
  AdvanceConventionPhase | AppointSecretariatMember | CallConvention | RemoveSecretariatMember;
