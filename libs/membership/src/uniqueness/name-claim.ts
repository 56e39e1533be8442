import { Decider, DomainError, InvalidInputError, FieldProblem, assertNever, normalizeLine } from '../../../core/src';
import { keyFingerprint, uniquenessKey } from '../names';

/**
 * Uniqueness across aggregates (a pseudonym, a chapter name) is its own stream, created with
 * no_stream: the store, not a read model, decides who was first. The owner is the id of the
 * entity that holds the name.
 */
export type NameClaimEvent = {
  type: 'NameClaimed';
  data: { scope: string; key: string; name: string; ownerId: string; claimedAt: string };
};

export type NameClaimCommand = {
  type: 'ClaimName';
  data: { name: string; ownerId: string; claimedAt: string };
};

export type NameClaimState = { status: 'free' } | { status: 'claimed'; ownerId: string; name: string };

export interface NameClaimScope {
  /** Prefix of the claim streams, e.g. PseudonymClaim. */
  readonly streamCategory: string;
  check(name: string): FieldProblem[];
  taken(name: string): DomainError;
}

export function nameClaimStream(scope: NameClaimScope, name: string): string {
  return `${scope.streamCategory}-${keyFingerprint(uniquenessKey(name))}`;
}

export function nameClaimDecider(scope: NameClaimScope): Decider<NameClaimCommand, NameClaimEvent, NameClaimState> {
  return {
    initialState: () => ({ status: 'free' }),
    evolve: (_state, event) => {
      switch (event.type) {
        case 'NameClaimed':
          return { status: 'claimed', ownerId: event.data.ownerId, name: event.data.name };
        default:
          return assertNever(event.type);
      }
    },
    decide: (command, state) => {
      const problems = scope.check(command.data.name);
      if (problems.length > 0) throw new InvalidInputError(problems);
      if (state.status === 'claimed') {
        if (state.ownerId === command.data.ownerId) return [];
        throw scope.taken(state.name);
      }
      const name = normalizeLine(command.data.name);
      return [
        {
          type: 'NameClaimed',
          data: {
            scope: scope.streamCategory,
            key: uniquenessKey(name),
            name,
            ownerId: command.data.ownerId,
            claimedAt: command.data.claimedAt,
          },
        },
      ];
    },
  };
}
