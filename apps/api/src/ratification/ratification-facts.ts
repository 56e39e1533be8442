import { Actor, Decider, uuidV5 } from '../../../../libs/core/src';
import {
  ConventionPhase as ConventionContextPhase,
  ConventionState,
  CurrentConvention,
  isOnSecretariat,
  ratificationThresholdOf,
} from '../../../../libs/convention/src';
import {
  ConventionPhase,
  ReferendumCommand,
  ReferendumEvent,
  ReferendumState,
  SecretariatFacts,
  VoteRules,
  referendumDecider,
  referendumStream,
} from '../../../../libs/proposals/src';
import { VoteLine } from '../commands/vote-closed';
import { conventionActorId } from '../convention/convention-facts';

/**
 * Facts and plumbing for the ratification referendum's commands: the secretariat and phase
 * from the convention stream, the referendum's rules from the rules of procedure, the secret
 * ballot streams and the anonymous envelope their events are recorded under.
 */

/** The ratification referendum of a convention: one per convention, so a retried or repeated open finds it. */
export const referendumIdOf = (conventionId: string): string => uuidV5(`ratification-referendum/${conventionId}`);

/**
 * A voter's ballot stream, named by the vault's ballot key (never the member id), so each
 * ballot sits outside the referendum's own stream and concurrent casts by one voter meet on
 * one stream revision.
 */
export const referendumBallotStream = (referendumId: string, ballotKey: string): string =>
  `ReferendumBallot-${referendumId}-${ballotKey}`;

/** Where a referendum's line is: the close of voting, or the one-event close of older stores. */
export const referendumLine = (referendumId: string): VoteLine => ({
  voteKind: 'referendum',
  voteId: referendumId,
  voteStream: referendumStream(referendumId),
  closeTypes: ['ReferendumVotingClosed', 'ReferendumClosed'],
});

/** The proposals context spells the convention's phases in lower case, with hyphens. */
export function proposalsPhase(phase: ConventionContextPhase): ConventionPhase {
  return phase.toLowerCase().replace(/_/g, '-') as ConventionPhase;
}

export function secretariatFacts(state: ConventionState, conventionId: string, actor: Actor): SecretariatFacts {
  const memberId = conventionActorId(actor);
  return { memberId, isSecretariat: isOnSecretariat(state, conventionId, memberId) };
}

/**
 * The referendum's rules from the rules of procedure: the ratification threshold as a share of
 * the votes cast (abstentions excluded). A half means a majority, more than half; any other
 * share must be reached. A referendum of the whole membership has no quorum in the rules.
 */
export function referendumRules(convention: CurrentConvention): VoteRules {
  const fraction = ratificationThresholdOf(convention.rules);
  return {
    threshold: { kind: 'fraction', fraction, of: 'cast', comparison: fraction === '1/2' ? 'more-than' : 'at-least' },
    quorum: null,
  };
}

/** The decider one voter's ballot stream is run with: the referendum's state, then that stream's ballots. */
export function ballotStreamDecider(
  referendum: ReferendumState,
): Decider<ReferendumCommand, ReferendumEvent, ReferendumState> {
  return { ...referendumDecider, initialState: () => referendum };
}
