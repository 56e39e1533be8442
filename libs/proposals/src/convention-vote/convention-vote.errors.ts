import { DomainError } from '../../../core/src';
import { AgendaBlock } from '../agenda/agenda';

export class ConventionVoteAlreadyOpenedError extends DomainError {
  constructor(voteId: string) {
    super('CONFLICT', 'CONVENTION_VOTE_ALREADY_OPENED', `Convention vote ${voteId} has already been opened`, {
      voteId,
    });
  }
}

export class ConventionVoteNotFoundError extends DomainError {
  constructor(voteId: string) {
    super('NOT_FOUND', 'CONVENTION_VOTE_NOT_FOUND', `No convention vote ${voteId} has been opened`, { voteId });
  }
}

export class ConventionVoteClosedError extends DomainError {
  constructor(voteId: string) {
    super('CONFLICT', 'CONVENTION_VOTE_CLOSED', `Convention vote ${voteId} is closed`, { voteId });
  }
}

const BLOCK_CODES: Record<AgendaBlock['reason'], string> = {
  'pending-amendments': 'AMENDMENTS_PENDING',
  'in-conflict': 'AMENDMENT_IN_CONFLICT',
  'not-seconded': 'PROPOSAL_NOT_SECONDED',
  'not-open': 'SUBJECT_NOT_OPEN',
};

/** The agenda does not let this vote open yet: amendments to vote first, a conflict, no second, or a closed subject. */
export class VoteCannotOpenError extends DomainError {
  constructor(item: string, block: AgendaBlock) {
    const why =
      block.reason === 'pending-amendments'
        ? `amendments ${block.amendmentIds.join(', ')} must be decided first`
        : block.reason === 'not-open'
          ? `it is ${block.status}`
          : block.reason === 'in-conflict'
            ? 'it is in conflict with the current text and must be rebased'
            : 'it has not been seconded by as many delegates as the rules require';
    super('CONFLICT', BLOCK_CODES[block.reason], `A vote on ${item} cannot open: ${why}`, { item, ...block });
  }
}

/** Ballots may not add up to more seats or weight than the electorate has: the count would be meaningless. */
export class ElectorateExceededError extends DomainError {
  constructor(voteId: string) {
    super('CONFLICT', 'ELECTORATE_EXCEEDED', `Vote ${voteId} already has ballots for its whole electorate`, { voteId });
  }
}

/** A seat that was not in the electorate when the vote opened (e.g. credentialed afterwards). */
export class SeatNotInElectorateError extends DomainError {
  constructor(voteId: string, seatId: string) {
    super(
      'FORBIDDEN',
      'SEAT_NOT_IN_ELECTORATE',
      `Seat ${seatId} was not credentialed when vote ${voteId} opened, so it cannot vote in it`,
      { voteId, seatId },
    );
  }
}

export class ConventionVoteCancelledError extends DomainError {
  constructor(voteId: string, reason: string) {
    super('CONFLICT', 'CONVENTION_VOTE_CANCELLED', `Convention vote ${voteId} was cancelled (${reason})`, {
      voteId,
      cancelReason: reason,
    });
  }
}
