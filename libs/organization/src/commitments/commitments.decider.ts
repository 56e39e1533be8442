import { Decider, FieldProblem, InvalidInputError, assertNever } from '../../../core/src';
import { checkInstant, checkText, normalizeText } from '../../../core/src';
import { CommitmentsCommand } from './commitments.commands';
import { CommitmentsEvent } from './commitments.events';
import { CommitmentsState, evolveCommitments, initialCommitmentsState } from './commitments.state';

export const MIN_PRINCIPLES = 1;
export const MAX_PRINCIPLES = 50;
export const PRINCIPLE_MAX_LENGTH = 2000;

function checkPrinciples(principles: readonly string[]): FieldProblem[] {
  if (principles.length < MIN_PRINCIPLES || principles.length > MAX_PRINCIPLES) {
    return [
      {
        field: 'principles',
        message: `The commitments need between ${MIN_PRINCIPLES} and ${MAX_PRINCIPLES} principles`,
      },
    ];
  }
  return principles.flatMap((principle, index) =>
    checkText(`principles[${index}]`, normalizeText(principle), 1, PRINCIPLE_MAX_LENGTH, 'A principle', true),
  );
}

function decide(command: CommitmentsCommand, state: CommitmentsState): CommitmentsEvent[] {
  switch (command.type) {
    case 'PublishCommitments': {
      const { principles, publishedAt } = command.data;
      const problems = [...checkPrinciples(principles), ...checkInstant('publishedAt', publishedAt)];
      if (problems.length > 0) throw new InvalidInputError(problems);
      // Numbered by the stream, not the caller, so two publishers can never claim the same version.
      const version = state.status === 'published' ? state.version + 1 : 1;
      return [
        { type: 'CommitmentsPublished', data: { version, principles: principles.map(normalizeText), publishedAt } },
      ];
    }
    default:
      return assertNever(command.type);
  }
}

/** Publishes the organization's defining commitments as numbered, immutable versions. */
export const commitmentsDecider: Decider<CommitmentsCommand, CommitmentsEvent, CommitmentsState> = {
  decide,
  evolve: evolveCommitments,
  initialState: initialCommitmentsState,
};
