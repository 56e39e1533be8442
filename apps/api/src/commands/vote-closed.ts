import { DomainError } from '../../../../libs/core/src';
import { EventStore } from '../../../../libs/event-store/src';

/**
 * "Acknowledged means counted", defined on the log for every kind of vote whose ballots live
 * outside the vote's own stream (delegate elections, convention votes, the referendum): a close
 * is an event in the vote's stream, appended before anything is counted, and the count takes
 * exactly the ballots at log positions below it. A ballot handler decides on the vote as it read
 * it, appends, and only then answers: if a close lies below its own position, the ballot landed
 * after the line (another process closed the vote meanwhile), so it is not counted and the
 * answer is VOTE_CLOSED. Such a ballot stays in the log as late, and the read models show it as
 * late. Nothing here depends on the memory of one process, so it holds across replicas.
 */

/** What kind of vote a late ballot was cast in, for the message and `extensions.voteKind`. */
export type VoteKind = 'delegate-election' | 'convention-vote' | 'referendum';

const LABELS: Record<VoteKind, string> = {
  'delegate-election': 'delegate election',
  'convention-vote': 'convention vote',
  referendum: 'referendum',
};

/** One reason for every kind of vote: the ballot was recorded after the close, as late, and is not counted. */
export class VoteClosedError extends DomainError {
  constructor(voteKind: VoteKind, voteId: string, ballotPosition: bigint, closePosition: bigint) {
    super(
      'CONFLICT',
      'VOTE_CLOSED',
      `Voting in ${LABELS[voteKind]} ${voteId} closed at log position ${closePosition.toString()} before this ballot ` +
        `was recorded at position ${ballotPosition.toString()}: it is kept as a late ballot and is not counted`,
      { voteKind, voteId, ballotPosition: ballotPosition.toString(), closePosition: closePosition.toString() },
    );
  }
}

export interface VoteLine {
  readonly voteKind: VoteKind;
  readonly voteId: string;
  /** The vote's own stream, where its close is recorded. */
  readonly voteStream: string;
  /** Event types that draw the line; the first one in the stream is the close. */
  readonly closeTypes: readonly string[];
}

/** Log position of the vote's close, or null while it is open. */
export async function closePositionOf(store: EventStore, line: VoteLine): Promise<bigint | null> {
  const history = await store.readStream(line.voteStream);
  const close = history.find((recorded) => line.closeTypes.includes(recorded.type));
  return close?.position ?? null;
}

/**
 * Answers VOTE_CLOSED when the vote's close lies below the ballot's log position. Called after
 * the ballot's append (or with the position of the voter's standing ballot when the cast changed
 * nothing): the close is appended before its count reads the log, so any ballot below it is in
 * the count, and a ballot that passes this check is below the close whenever it comes.
 */
export async function requireBallotBeforeClose(store: EventStore, line: VoteLine, ballotPosition: bigint) {
  const closePosition = await closePositionOf(store, line);
  if (closePosition !== null && closePosition < ballotPosition) {
    throw new VoteClosedError(line.voteKind, line.voteId, ballotPosition, closePosition);
  }
}
