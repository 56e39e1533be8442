import { DomainError, ForbiddenError } from '../../core/src';
import { ConventionPhase } from './facts';

/** Only delegates the secretariat has credentialed may submit, second, amend or vote. */
export class NotACredentialedDelegateError extends ForbiddenError {
  constructor(memberId: string) {
    super('NOT_A_CREDENTIALED_DELEGATE', `Member ${memberId} is not a credentialed delegate of this convention`);
  }
}

/** Opening and closing convention votes and referendums is the secretariat's job. */
export class NotSecretariatError extends ForbiddenError {
  constructor(memberId: string) {
    super('NOT_SECRETARIAT', `Member ${memberId} does not act for the convention secretariat`);
  }
}

/** The convention is not in the phase this command belongs to. */
export class WrongConventionPhaseError extends DomainError {
  constructor(what: string, phase: ConventionPhase, expected: readonly ConventionPhase[]) {
    super(
      'CONFLICT',
      'WRONG_CONVENTION_PHASE',
      `${what} is possible only in the ${expected.join(' or ')} phase, not ${phase}`,
      {
        phase,
        expected,
      },
    );
  }
}
