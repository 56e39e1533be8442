import { assertNever } from '../../../core/src';
import { CommitmentsEvent } from './commitments.events';

/** The current version of the commitments, or none before the first publication. */
export type CommitmentsState =
  | { status: 'unpublished' }
  | { status: 'published'; version: number; principles: readonly string[]; publishedAt: string };

export const initialCommitmentsState = (): CommitmentsState => ({ status: 'unpublished' });

export function evolveCommitments(_state: CommitmentsState, event: CommitmentsEvent): CommitmentsState {
  switch (event.type) {
    case 'CommitmentsPublished':
      return {
        status: 'published',
        version: event.data.version,
        principles: event.data.principles,
        publishedAt: event.data.publishedAt,
      };
    default:
      return assertNever(event.type);
  }
}
