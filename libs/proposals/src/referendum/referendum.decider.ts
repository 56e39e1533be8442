import { Decider, assertNever } from '../../../core/src';
import { NotSecretariatError, WrongConventionPhaseError } from '../errors';
import { checkAt, checkCount, checkId, checkTitle, normalizeLine, rejectProblems } from '../validation';
import { checkVoteRules } from '../vote-rules';
import { ReferendumCommand } from './referendum.commands';
import {
  ReferendumAlreadyOpenedError,
  ReferendumClosedError,
  ReferendumElectorateExceededError,
  ReferendumNotFoundError,
  ReferendumStillOpenError,
  TrackerTakenError,
  VoterNotInGoodStandingError,
} from './referendum.errors';
import { ReferendumEvent } from './referendum.events';
import { ReferendumState, evolveReferendum, initialReferendumState, tallyReferendum } from './referendum.state';

const CHOICES = ['yes', 'no', 'abstain'];

function decide(command: ReferendumCommand, state: ReferendumState): ReferendumEvent[] {
  switch (command.type) {
    case 'OpenReferendum': {
      const { referendumId, conventionId, question, openedBy, phase, electorateSize, rules, openedAt } = command.data;
      rejectProblems(
        checkId('referendumId', referendumId),
        checkId('conventionId', conventionId),
        checkTitle('question', question),
        checkCount('electorateSize', electorateSize, 1),
        checkVoteRules(rules),
        rules.quorum?.of === 'present' || (rules.threshold.kind === 'fraction' && rules.threshold.of === 'present')
          ? [
              {
                field: 'rules',
                message: 'a referendum has no roll of those present; use the electorate or the votes cast',
              },
            ]
          : [],
        checkAt('openedAt', openedAt),
      );
      if (state.status !== 'unknown') throw new ReferendumAlreadyOpenedError(referendumId);
      if (!openedBy.isSecretariat) throw new NotSecretariatError(openedBy.memberId);
      if (phase !== 'ratification')
        throw new WrongConventionPhaseError('A ratification referendum', phase, ['ratification']);
      return [
        {
          type: 'ReferendumOpened',
          data: {
            referendumId,
            conventionId,
            question: normalizeLine(question),
            electorateSize,
            rules,
            openedBy: openedBy.memberId,
            openedAt,
          },
        },
      ];
    }
    case 'CastReferendumBallot': {
      const { referendumId, voterKey, voter, tracker, choice, castAt } = command.data;
      rejectProblems(
        checkId('voterKey', voterKey),
        checkId('tracker', tracker),
        CHOICES.includes(choice) ? [] : [{ field: 'choice', message: 'must be yes, no or abstain' }],
        checkAt('castAt', castAt),
      );
      if (state.status === 'unknown') throw new ReferendumNotFoundError(referendumId);
      if (!voter.inGoodStanding) throw new VoterNotInGoodStandingError();
      if (state.status !== 'open') throw new ReferendumClosedError(referendumId);
      const previous = state.ballots[voterKey];
      if (previous !== undefined && previous.tracker === tracker && previous.choice === choice) return [];
      if (Object.values(state.ballots).some((ballot) => ballot.tracker === tracker && ballot.voterKey !== voterKey)) {
        throw new TrackerTakenError();
      }
      if (previous === undefined && Object.keys(state.ballots).length >= state.electorateSize) {
        throw new ReferendumElectorateExceededError(referendumId, state.electorateSize);
      }
      return [{ type: 'ReferendumBallotCast', data: { referendumId, voterKey, tracker, choice, castAt } }];
    }
    case 'CloseReferendum': {
      const { referendumId, closedBy, closedAt } = command.data;
      rejectProblems(checkAt('closedAt', closedAt));
      if (state.status === 'unknown') throw new ReferendumNotFoundError(referendumId);
      if (!closedBy.isSecretariat) throw new NotSecretariatError(closedBy.memberId);
      if (state.status === 'closed') throw new ReferendumClosedError(referendumId);
      // Closing again draws no second line: a close interrupted before its count is completed.
      if (state.status === 'closing') return [];
      return [{ type: 'ReferendumVotingClosed', data: { referendumId, closedBy: closedBy.memberId, closedAt } }];
    }
    case 'CountReferendum': {
      const { referendumId, count, pages, countedAt } = command.data;
      rejectProblems(
        checkAt('countedAt', countedAt),
        pages.itemCount === count.length
          ? []
          : [{ field: 'pages', message: `cover ${pages.itemCount} lines, the count has ${count.length}` }],
      );
      if (state.status === 'unknown') throw new ReferendumNotFoundError(referendumId);
      if (state.status === 'open') throw new ReferendumStillOpenError(referendumId);
      if (state.status === 'closed') throw new ReferendumClosedError(referendumId);
      const tally = tallyReferendum(state, count);
      const { pageCount, itemCount, digest } = pages;
      return [{ type: 'ReferendumCounted', data: { referendumId, tally, pageCount, itemCount, digest, countedAt } }];
    }
    default:
      return assertNever(command);
  }
}

/**
 * The members' referendum on the adopted charter: secret ballots keyed by an opaque voter key,
 * a tracker per ballot; the close draws the line first, then the tally against the rules is
 * recorded with the summary of the published count's pages.
 */
export const referendumDecider: Decider<ReferendumCommand, ReferendumEvent, ReferendumState> = {
  decide,
  evolve: evolveReferendum,
  initialState: initialReferendumState,
};
