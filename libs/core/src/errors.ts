/**
 * The single error model. Every rejection a user can cause is a DomainError with a stable
 * `code` (what went wrong, e.g. PSEUDONYM_TAKEN) and a `category` (the kind of failure, which
 * the API turns into a GraphQL `extensions.code` and clients branch on).
 */
export type ErrorCategory =
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  /** A transient condition on the server side (storage unreachable, read model behind); retrying may work. */
  | 'UNAVAILABLE';

/** One invalid field of an input and why it is invalid. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  /** A stable code for this kind of problem, where clients may want to tell it from the others. */
  readonly reason?: string;
}

/** The reason every problem shares, so a client sees it in `extensions.reason`; else INVALID_INPUT. */
function sharedReason(problems: readonly FieldProblem[]): string {
  const reasons = new Set(problems.map((problem) => problem.reason));
  const [only] = reasons;
  return reasons.size === 1 && only !== undefined ? only : 'INVALID_INPUT';
}

export class DomainError extends Error {
  constructor(
    readonly category: ErrorCategory,
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule about its own shape (length, format, range), field by field. */
export class InvalidInputError extends DomainError {
  constructor(readonly problems: readonly FieldProblem[]) {
    super(
      'BAD_USER_INPUT',
      sharedReason(problems),
      problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
      { fields: problems },
    );
  }
}

/**
 * The stream changed since the caller read it. Raised to a client only when it named the
 * revision it expected; otherwise the command runner re-reads and decides again.
 */
export class ConcurrencyConflictError extends DomainError {
  constructor(stream: string, expected: string, actual: string) {
    super(
      'CONFLICT',
      'REVISION_CONFLICT',
      `${stream} is at revision ${actual}, not ${expected} as expected; read it again and retry`,
      { stream, expectedRevision: expected, actualRevision: actual },
    );
  }
}

export class NotAuthenticatedError extends DomainError {
  constructor(message = 'This operation needs a valid bearer token', code = 'UNAUTHENTICATED') {
    super('UNAUTHENTICATED', code, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(code: string, message: string) {
    super('FORBIDDEN', code, message);
  }
}
