import { Decider, DomainError, InvalidInputError, SealedValue, assertNever } from '../../../core/src';

/**
 * A member's passphrase for signing in, as an argon2id hash (its parameters recorded in the
 * PHC string) sealed under the member's own key: erasing the member's key makes it unreadable
 * in every copy of the log, like their contact details. Stream `Credentials-<memberId>`.
 */
export const PASSPHRASE_MIN_LENGTH = 12;
export const PASSPHRASE_MAX_LENGTH = 1024;

export type CredentialsEvent = {
  type: 'MemberPassphraseSet';
  data: { memberId: string; passphraseHash: SealedValue; setAt: string };
};

export type CredentialsCommand = {
  type: 'SetPassphrase';
  data: { memberId: string; passphraseHash: SealedValue; setAt: string };
};

export type CredentialsState = { status: 'none' } | { status: 'set'; passphraseHash: SealedValue };

export const credentialsStream = (memberId: string): string => `Credentials-${memberId}`;

/** Checks a passphrase before it is hashed: long enough to resist guessing, short enough to hash. */
export function checkPassphrase(passphrase: string, field = 'passphrase'): void {
  const length = [...passphrase].length;
  if (length < PASSPHRASE_MIN_LENGTH || length > PASSPHRASE_MAX_LENGTH) {
    throw new InvalidInputError([
      {
        field,
        reason: 'PASSPHRASE_LENGTH',
        message: `must have ${PASSPHRASE_MIN_LENGTH} to ${PASSPHRASE_MAX_LENGTH} characters (a few words make a good one)`,
      },
    ]);
  }
}

export class PassphraseNotSealedError extends DomainError {
  constructor() {
    super('BAD_USER_INPUT', 'INVALID_INPUT', "The passphrase hash must be sealed under the member's own key");
  }
}

export const credentialsDecider: Decider<CredentialsCommand, CredentialsEvent, CredentialsState> = {
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => {
    switch (event.type) {
      case 'MemberPassphraseSet':
        return { status: 'set', passphraseHash: event.data.passphraseHash };
      default:
        return assertNever(event.type);
    }
  },
  decide: (command) => {
    switch (command.type) {
      case 'SetPassphrase': {
        const { memberId, passphraseHash, setAt } = command.data;
        if (passphraseHash.keyId !== memberId) throw new PassphraseNotSealedError();
        return [{ type: 'MemberPassphraseSet', data: { memberId, passphraseHash, setAt } }];
      }
      default:
        return assertNever(command.type);
    }
  },
};
