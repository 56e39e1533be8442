import { Injectable } from '@nestjs/common';
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
  ReferendumClosedError,
  ReferendumCommand,
  ReferendumEvent,
  ReferendumState,
  SecretBallot,
  SecretariatFacts,
  VoteRules,
  referendumDecider,
} from '../../../../libs/proposals/src';
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

/**
 * The referendum decider over a state that also holds the given ballots. The referendum's own
 * stream carries only its opening and its close; the ballots live in their own streams and are
 * handed in here, either one voter's (to cast) or all of them (to close).
 */
export function referendumWithBallots(
  ballots: Readonly<Record<string, SecretBallot>>,
): Decider<ReferendumCommand, ReferendumEvent, ReferendumState> {
  return {
    ...referendumDecider,
    decide: (command, state) =>
      referendumDecider.decide(command, state.status === 'open' ? { ...state, ballots } : state),
  };
}

/** The decider one voter's ballot stream is run with: the referendum's state, then that stream's ballots. */
export function ballotStreamDecider(
  referendum: ReferendumState,
): Decider<ReferendumCommand, ReferendumEvent, ReferendumState> {
  return { ...referendumDecider, initialState: () => referendum };
}

interface GateEntry {
  closing: boolean;
  inFlight: number;
  drained: Array<() => void>;
}

/**
 * Keeps a referendum's close and its ballots apart in this process: once a close begins, no
 * new ballot is taken, and the close waits for the ballots already on their way to be
 * appended before it reads the log and counts. The vault's key is destroyed right after, so
 * even another replica cannot make a new ballot key; it could only finish a cast that had
 * already made one (see the report on multi-replica deployments).
 */
@Injectable()
export class ReferendumGate {
  private readonly entries = new Map<string, GateEntry>();

  /** Admits a ballot, or refuses it when the referendum is closing. */
  enter(referendumId: string): void {
    const entry = this.entry(referendumId);
    if (entry.closing) throw new ReferendumClosedError(referendumId);
    entry.inFlight += 1;
  }

  leave(referendumId: string): void {
    const entry = this.entry(referendumId);
    entry.inFlight -= 1;
    if (entry.inFlight === 0) for (const wake of entry.drained.splice(0)) wake();
  }

  /** Stops admitting ballots and resolves once none is in flight; a close that began is never undone. */
  async beginClose(referendumId: string): Promise<void> {
    const entry = this.entry(referendumId);
    entry.closing = true;
    if (entry.inFlight === 0) return;
    await new Promise<void>((resolve) => entry.drained.push(resolve));
  }

  private entry(referendumId: string): GateEntry {
    let entry = this.entries.get(referendumId);
    if (entry === undefined) {
      entry = { closing: false, inFlight: 0, drained: [] };
      this.entries.set(referendumId, entry);
    }
    return entry;
  }
}
