import fc from 'fast-check';
import { DomainError, ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { countSchulze, countYesNo } from '../../../voting/src';
import { AgendaFacts } from '../agenda/agenda';
import { VoteRules } from '../facts';
import {
  amendmentId,
  closedAt,
  conventionId,
  majority,
  otherProposalId,
  phases,
  proposalId,
  secretariat,
  notSecretariat,
  twoThirdsWithQuorum,
  voteId,
  votedAt,
} from '../testing/fixtures';
import {
  CastConventionBallot,
  ConventionVoteCommand,
  OpenConventionVote,
  SeatedVoterFacts,
} from './convention-vote.commands';
import { conventionVoteDecider } from './convention-vote.decider';
import {
  ConventionBallot,
  ConventionVoteEvent,
  ConventionVoteOpened,
  ConventionVoteSubject,
  conventionVoteStream,
} from './convention-vote.events';
import { CountedBallot, NONE_OF_THESE, carries, tallyConventionVote } from './convention-vote.tally';

const openedAt = '2026-06-25T09:00:00.000Z';
const clearAgenda: AgendaFacts = {
  proposals: [
    { proposalId, subject: 'Dues', status: 'open', seconded: true },
    { proposalId: otherProposalId, subject: 'Dues', status: 'open', seconded: true },
  ],
  amendments: [],
};
const competing: ConventionVoteSubject = {
  kind: 'competing-proposals',
  subject: 'Dues',
  proposalIds: [proposalId, otherProposalId],
};

const open = (overrides: Partial<OpenConventionVote['data']> = {}): OpenConventionVote => ({
  type: 'OpenConventionVote',
  data: {
    voteId,
    conventionId,
    subject: { kind: 'proposal', proposalId },
    openedBy: secretariat,
    phase: 'voting',
    agenda: clearAgenda,
    rules: majority,
    electorate: { seats: 10, totalWeight: '10' },
    openedAt,
    ...overrides,
  },
});

const opened = (overrides: Partial<ConventionVoteOpened['data']> = {}): ConventionVoteOpened => ({
  type: 'ConventionVoteOpened',
  data: {
    voteId,
    conventionId,
    subject: { kind: 'proposal', proposalId },
    method: 'yes-no',
    rules: majority,
    electorate: { seats: 10, totalWeight: '10' },
    openedBy: secretariat.memberId,
    openedAt,
    ...overrides,
  },
});

const voter = (seat: number, overrides: Partial<SeatedVoterFacts> = {}): SeatedVoterFacts => ({
  memberId: `m-${seat}`,
  seatId: `seat-${seat}`,
  isCredentialedDelegate: true,
  weight: '1',
  ...overrides,
});
const yesNo = (choice: 'yes' | 'no' | 'abstain'): ConventionBallot => ({ method: 'yes-no', choice });

const cast = (
  seat: number,
  ballot: ConventionBallot,
  overrides: Partial<SeatedVoterFacts> = {},
): CastConventionBallot => ({
  type: 'CastConventionBallot',
  data: { voteId, voter: voter(seat, overrides), ballot, castAt: votedAt },
});
const castEvent = (
  seat: number,
  ballot: ConventionBallot,
  memberId = `m-${seat}`,
  weight = '1',
): ConventionVoteEvent => ({
  type: 'ConventionBallotCast',
  data: { voteId, seatId: `seat-${seat}`, memberId, weight, ballot, castAt: votedAt },
});
const close = (present: string | null = null): ConventionVoteCommand => ({
  type: 'CloseConventionVote',
  data: { voteId, closedBy: secretariat, present, closedAt },
});

const spec = DeciderSpecification(conventionVoteDecider);

describe('convention vote decider', () => {
  it('names its stream after the vote', () => {
    expect(conventionVoteStream(voteId)).toBe(`ConventionVote-${voteId}`);
  });

  describe('OpenConventionVote', () => {
    it('opens a yes/no vote on a proposal whose amendments are all decided', () => {
      spec.given([]).when(open()).then([opened()]);
    });

    it('opens one ranked vote on competing proposals of the same subject', () => {
      spec
        .given([])
        .when(open({ subject: competing }))
        .then([opened({ subject: competing, method: 'ranked' })]);
    });

    it('refuses to open a vote on a proposal with pending amendments', () => {
      const agenda: AgendaFacts = {
        ...clearAgenda,
        amendments: [{ amendmentId, proposalId, parentAmendmentId: null, status: 'pending', inConflict: false }],
      };
      const error = spec.given([]).when(open({ agenda })).thenThrows(DomainError, 'AMENDMENTS_PENDING');
      expect(error.category).toBe('CONFLICT');
      expect(error.details).toMatchObject({ amendmentIds: [amendmentId] });
      spec
        .given([])
        .when(open({ agenda, subject: competing }))
        .thenThrows(DomainError, 'AMENDMENTS_PENDING');
    });

    it('refuses to open a vote on an amendment in conflict', () => {
      const agenda: AgendaFacts = {
        ...clearAgenda,
        amendments: [{ amendmentId, proposalId, parentAmendmentId: null, status: 'pending', inConflict: true }],
      };
      spec
        .given([])
        .when(open({ agenda, subject: { kind: 'amendment', amendmentId, proposalId } }))
        .thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
    });

    it('refuses competing proposals on different subjects', () => {
      const agenda: AgendaFacts = {
        proposals: [clearAgenda.proposals[0], { ...clearAgenda.proposals[1], subject: 'Bodies' }],
        amendments: [],
      };
      spec
        .given([])
        .when(open({ agenda, subject: competing }))
        .thenThrows(InvalidInputError);
    });

    it('refuses anyone but the secretariat, and any phase but voting', () => {
      spec
        .given([])
        .when(open({ openedBy: notSecretariat }))
        .thenThrows(ForbiddenError, 'NOT_SECRETARIAT');
      for (const phase of phases.filter((candidate) => candidate !== 'voting')) {
        spec.given([]).when(open({ phase })).thenThrows(DomainError, 'WRONG_CONVENTION_PHASE');
      }
    });

    it('names malformed rules and electorate', () => {
      const error = spec
        .given([])
        .when(
          open({
            rules: {
              threshold: { kind: 'fraction', fraction: '3/2', of: 'cast', comparison: 'at-least' },
              quorum: { fraction: '1/2', of: 'members' as 'present' },
            },
            electorate: { seats: 0, totalWeight: '-1' },
          }),
        )
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual([
        'rules.threshold.fraction',
        'rules.quorum.of',
        'electorate.seats',
        'electorate.totalWeight',
      ]);
    });
  });

  describe('CastConventionBallot', () => {
    it('records a credentialed delegate’s roll-call ballot', () => {
      spec
        .given([opened()])
        .when(cast(1, yesNo('yes')))
        .then([castEvent(1, yesNo('yes'))]);
    });

    it('lets a delegate change their vote until the close, and ignores a repeat', () => {
      spec
        .given([opened(), castEvent(1, yesNo('yes'))])
        .when(cast(1, yesNo('no')))
        .then([castEvent(1, yesNo('no'))]);
      spec
        .given([opened(), castEvent(1, yesNo('yes'))])
        .when(cast(1, yesNo('yes')))
        .thenNothingHappened();
    });

    it('lets the alternate seated in a delegate’s place vote for the seat', () => {
      spec
        .given([opened(), castEvent(1, yesNo('yes'))])
        .when(cast(1, yesNo('no'), { memberId: 'm-alternate' }))
        .then([castEvent(1, yesNo('no'), 'm-alternate')]);
    });

    it('refuses a voter who is not credentialed', () => {
      spec
        .given([opened()])
        .when(cast(1, yesNo('yes'), { isCredentialedDelegate: false }))
        .thenThrows(ForbiddenError, 'NOT_A_CREDENTIALED_DELEGATE');
    });

    it('refuses a ballot after the close', () => {
      const closed: ConventionVoteEvent = {
        type: 'ConventionVoteClosed',
        data: {
          voteId,
          tally: tallyConventionVote(
            {
              voteId,
              subject: opened().data.subject,
              rules: majority,
              electorate: opened().data.electorate,
              present: null,
            },
            [],
          ),
          closedBy: 'secretary',
          closedAt,
        },
      };
      const error = spec
        .given([opened(), closed])
        .when(cast(1, yesNo('yes')))
        .thenThrows(DomainError, 'CONVENTION_VOTE_CLOSED');
      expect(error.category).toBe('CONFLICT');
    });

    it('refuses a ballot of the wrong method, a ranking of strangers, and a bad weight', () => {
      spec
        .given([opened()])
        .when(cast(1, { method: 'ranked', ranking: [proposalId] }))
        .thenThrows(InvalidInputError);
      spec
        .given([opened({ subject: competing, method: 'ranked' })])
        .when(cast(1, { method: 'ranked', ranking: [proposalId, 'p-stranger'] }))
        .thenThrows(InvalidInputError);
      spec
        .given([opened({ subject: competing, method: 'ranked' })])
        .when(cast(1, { method: 'ranked', ranking: [proposalId, proposalId] }))
        .thenThrows(InvalidInputError);
      spec
        .given([opened()])
        .when(cast(1, yesNo('yes'), { weight: '0' }))
        .thenThrows(InvalidInputError);
    });

    it('takes ballots only from the seats in the electorate when it opened', () => {
      const electorate = { seats: 2, totalWeight: '2', seatIds: ['seat-1', 'seat-2'] };
      spec
        .given([opened({ electorate })])
        .when(cast(3, yesNo('yes'), { seatId: 'seat-3' }))
        .thenThrows(DomainError, 'SEAT_NOT_IN_ELECTORATE');
      const [event] = conventionVoteDecider.decide(
        cast(1, yesNo('yes'), { seatId: 'seat-1' }),
        foldEvents(conventionVoteDecider, [opened({ electorate })]),
      );
      expect(event).toMatchObject({ type: 'ConventionBallotCast', data: { seatId: 'seat-1' } });
    });

    it('refuses more ballots or weight than the electorate has', () => {
      spec
        .given([opened({ electorate: { seats: 1, totalWeight: '3' } }), castEvent(1, yesNo('yes'))])
        .when(cast(2, yesNo('yes')))
        .thenThrows(DomainError, 'ELECTORATE_EXCEEDED');
      spec
        .given([opened({ electorate: { seats: 3, totalWeight: '2' } }), castEvent(1, yesNo('yes'))])
        .when(cast(2, yesNo('yes'), { weight: '3/2' }))
        .thenThrows(DomainError, 'ELECTORATE_EXCEEDED');
    });
  });

  describe('CloseConventionVote', () => {
    const closeWith = (rules: VoteRules, ballots: ConventionVoteEvent[], present: string | null = null) =>
      conventionVoteDecider.decide(close(present), foldEvents(conventionVoteDecider, [opened({ rules }), ...ballots]));

    it('records the weighted tally and its working from libs/voting', () => {
      const events = closeWith(majority, [
        castEvent(1, yesNo('yes'), 'm-1', '3/2'),
        castEvent(2, yesNo('no')),
        castEvent(3, yesNo('abstain')),
      ]);
      const expected = countYesNo([{ choice: 'abstain' }, { choice: 'yes', weight: '3/2' }, { choice: 'no' }], {
        threshold: { kind: 'simple-majority' },
        electorate: '10',
      });
      expect(events).toEqual([
        { type: 'ConventionVoteClosed', data: { voteId, tally: expected, closedBy: 'secretary', closedAt } },
      ]);
      expect(expected).toMatchObject({ outcome: 'adopted', tally: { yes: '3/2', no: '1', abstain: '1' } });
    });

    it('records a vote short of quorum as such', () => {
      const [closed] = closeWith(twoThirdsWithQuorum, [castEvent(1, yesNo('yes')), castEvent(2, yesNo('yes'))]);
      expect(closed.type === 'ConventionVoteClosed' && closed.data.tally).toMatchObject({
        outcome: 'no-quorum',
        quorum: { required: '5', met: false },
      });
    });

    it('needs the weight present when the rules refer to it', () => {
      const rules: VoteRules = { threshold: { kind: 'simple-majority' }, quorum: { fraction: '1/2', of: 'present' } };
      expect(() => closeWith(rules, [castEvent(1, yesNo('yes'))])).toThrow(InvalidInputError);
      expect(() => closeWith(rules, [castEvent(1, yesNo('yes')), castEvent(2, yesNo('no'))], '1')).toThrow(
        InvalidInputError,
      );
      expect(() => closeWith(rules, [castEvent(1, yesNo('yes'))], '11')).toThrow(InvalidInputError);
      const [closed] = closeWith(rules, [castEvent(1, yesNo('yes'))], '2');
      expect(closed.type === 'ConventionVoteClosed' && closed.data.tally).toMatchObject({ outcome: 'adopted' });
    });

    it('counts competing proposals by Schulze and names the winner', () => {
      const ranked = (ranking: string[]): ConventionBallot => ({ method: 'ranked', ranking });
      const events = conventionVoteDecider.decide(
        close(),
        foldEvents(conventionVoteDecider, [
          opened({ subject: competing, method: 'ranked' }),
          castEvent(1, ranked([otherProposalId, proposalId])),
          castEvent(2, ranked([otherProposalId])),
          castEvent(3, ranked([proposalId, otherProposalId]), 'm-3', '3/2'),
        ]),
      );
      const [closed] = events;
      if (closed.type !== 'ConventionVoteClosed' || closed.data.tally.method !== 'ranked')
        throw new Error('expected a ranked tally');
      const tally = closed.data.tally;
      expect(tally).toMatchObject({ outcome: 'decided', winner: otherProposalId, weightScale: '2' });
      expect(tally.schulze).toEqual(
        countSchulze(
          [proposalId, otherProposalId, NONE_OF_THESE],
          [
            { ranking: [otherProposalId, proposalId], count: 2 },
            { ranking: [otherProposalId], count: 2 },
            { ranking: [proposalId, otherProposalId], count: 3 },
          ],
          { seed: voteId },
        ),
      );
      expect(carries(tally, otherProposalId)).toBe(true);
      expect(carries(tally, proposalId)).toBe(false);
    });

    it('refuses anyone but the secretariat, and a second close', () => {
      spec
        .given([opened()])
        .when({ type: 'CloseConventionVote', data: { voteId, closedBy: notSecretariat, present: null, closedAt } })
        .thenThrows(ForbiddenError, 'NOT_SECRETARIAT');
      const closed = closeWith(majority, []);
      spec
        .given([opened(), ...closed])
        .when(close())
        .thenThrows(DomainError, 'CONVENTION_VOTE_CLOSED');
    });
  });

  describe('properties', () => {
    const choice = fc.constantFrom<'yes' | 'no' | 'abstain'>('yes', 'no', 'abstain');
    const weight = fc.constantFrom('1', '2', '1/2', '3/4');
    const yesNoBallots = fc.array(fc.record({ seat: fc.integer({ min: 1, max: 12 }), choice, weight }), {
      maxLength: 30,
    });
    const rules = fc.constantFrom<VoteRules>(majority, twoThirdsWithQuorum, {
      threshold: { kind: 'fraction', fraction: '3/5', of: 'cast-and-abstentions', comparison: 'at-least' },
      quorum: { fraction: '1/3', of: 'electorate' },
    });
    const big = { seats: 12, totalWeight: '24' };

    it('a closed vote never takes a ballot', () => {
      fc.assert(
        fc.property(rules, yesNoBallots, yesNoBallots, (voteRules, before, after) => {
          let state = foldEvents(conventionVoteDecider, [opened({ rules: voteRules, electorate: big })]);
          for (const { seat, choice: picked, weight: w } of before) {
            const events = conventionVoteDecider.decide(cast(seat, yesNo(picked), { weight: w }), state);
            state = events.reduce(conventionVoteDecider.evolve, state);
          }
          state = conventionVoteDecider.decide(close(), state).reduce(conventionVoteDecider.evolve, state);
          for (const { seat, choice: picked, weight: w } of after) {
            expect(() => conventionVoteDecider.decide(cast(seat, yesNo(picked), { weight: w }), state)).toThrow(
              expect.objectContaining({ code: 'CONVENTION_VOTE_CLOSED' }),
            );
          }
        }),
      );
    });

    it('the tally never depends on ballot order', () => {
      const distinctSeats = fc.uniqueArray(fc.record({ seat: fc.integer({ min: 1, max: 12 }), choice, weight }), {
        selector: (ballot) => ballot.seat,
        maxLength: 12,
      });
      fc.assert(
        fc.property(
          rules,
          distinctSeats,
          fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
          (voteRules, ballots, keys) => {
            const events = ballots.map(({ seat, choice: picked, weight: w }) =>
              castEvent(seat, yesNo(picked), `m-${seat}`, w),
            );
            const shuffled = events
              .map((event, index) => ({ event, key: keys[index] }))
              .sort((left, right) => left.key - right.key)
              .map(({ event }) => event);
            const inOrder = conventionVoteDecider.decide(
              close(),
              foldEvents(conventionVoteDecider, [opened({ rules: voteRules, electorate: big }), ...events]),
            );
            spec
              .given([opened({ rules: voteRules, electorate: big }), ...shuffled])
              .when(close())
              .then(inOrder);

            const counted: CountedBallot[] = ballots.map(({ choice: picked, weight: w }) => ({
              weight: w,
              ballot: yesNo(picked),
            }));
            const setup = { voteId, subject: opened().data.subject, rules: voteRules, electorate: big, present: null };
            expect(tallyConventionVote(setup, [...counted].reverse())).toEqual(tallyConventionVote(setup, counted));
          },
        ),
      );
    });

    it('a ranked tally never depends on ballot order', () => {
      const ranking = fc.shuffledSubarray([proposalId, otherProposalId, 'p-3']);
      const ballots = fc.array(fc.record({ ranking, weight }), { maxLength: 20 });
      const subject: ConventionVoteSubject = {
        kind: 'competing-proposals',
        subject: 'Dues',
        proposalIds: [proposalId, otherProposalId, 'p-3'],
      };
      fc.assert(
        fc.property(ballots, fc.array(fc.nat(), { minLength: 20, maxLength: 20 }), (list, keys) => {
          const counted: CountedBallot[] = list.map(({ ranking: order, weight: w }) => ({
            weight: w,
            ballot: { method: 'ranked', ranking: order },
          }));
          const shuffled = counted
            .map((ballot, index) => ({ ballot, key: keys[index] }))
            .sort((left, right) => left.key - right.key)
            .map(({ ballot }) => ballot);
          const setup = {
            voteId,
            subject,
            rules: twoThirdsWithQuorum,
            electorate: { seats: 20, totalWeight: '40' },
            present: null,
          };
          expect(tallyConventionVote(setup, shuffled)).toEqual(tallyConventionVote(setup, counted));
        }),
      );
    });

    it('replaying the stored events always gives the same state', () => {
      fc.assert(
        fc.property(rules, yesNoBallots, fc.nat(30), (voteRules, ballots, closeAfter) => {
          let state = conventionVoteDecider.initialState();
          const history: ConventionVoteEvent[] = [];
          const commands: ConventionVoteCommand[] = [
            open({ rules: voteRules, electorate: big }),
            ...ballots.map(({ seat, choice: picked, weight: w }) => cast(seat, yesNo(picked), { weight: w })),
          ];
          commands.splice(Math.min(closeAfter, commands.length), 0, close());
          for (const command of commands) {
            try {
              const events = conventionVoteDecider.decide(command, state);
              history.push(...events);
              state = events.reduce(conventionVoteDecider.evolve, state);
            } catch {
              // a refused command appends nothing
            }
          }
          expect(foldEvents(conventionVoteDecider, JSON.parse(JSON.stringify(history)))).toEqual(state);
        }),
      );
    });
  });

  describe('CancelConventionVote (the compensation of a vote that cannot go ahead)', () => {
    const cancel: ConventionVoteCommand = {
      type: 'CancelConventionVote',
      data: { voteId, reason: 'VOTING_ENDED', message: 'the convention left VOTING', cancelledAt: closedAt },
    };
    const cancelled: ConventionVoteEvent = { type: 'ConventionVoteCancelled', data: cancel.data };

    it('cancels an open vote once; a cancelled vote takes no ballot and cannot be closed', () => {
      spec.given([opened()]).when(cancel).then([cancelled]);
      spec.given([opened(), cancelled]).when(cancel).thenNothingHappened();
      spec
        .given([opened(), cancelled])
        .when(cast(1, yesNo('yes')))
        .thenThrows(DomainError, 'CONVENTION_VOTE_CANCELLED');
      spec.given([opened(), cancelled]).when(close()).thenThrows(DomainError, 'CONVENTION_VOTE_CANCELLED');
    });

    it('refuses to cancel a closed vote or one never opened', () => {
      const closedVote = conventionVoteDecider.decide(close(), foldEvents(conventionVoteDecider, [opened()]));
      spec
        .given([opened(), ...closedVote])
        .when(cancel)
        .thenThrows(DomainError, 'CONVENTION_VOTE_CLOSED');
      spec.given([]).when(cancel).thenThrows(DomainError, 'CONVENTION_VOTE_NOT_FOUND');
    });
  });
});

describe('convention vote decider: seat weights fixed when the vote opens', () => {
  const spec = DeciderSpecification(conventionVoteDecider);
  const weightedElectorate = {
    seats: 3,
    totalWeight: '7/2',
    seatIds: ['seat-1', 'seat-2', 'seat-3'],
    seatWeights: { 'seat-3': '1', 'seat-1': '1', 'seat-2': '3/2' },
  };

  it('records each seat weight in the opening, beside the seats', () => {
    spec
      .given([])
      .when(
        open({
          electorate: { ...weightedElectorate, seatWeights: { ...weightedElectorate.seatWeights, 'seat-2': '6/4' } },
        }),
      )
      .then([opened({ electorate: weightedElectorate })]);
  });

  it('refuses weights that do not add up to the total, or name a seat outside the electorate', () => {
    const wrongTotal = spec
      .given([])
      .when(open({ electorate: { ...weightedElectorate, totalWeight: '3' } }))
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(wrongTotal.problems).toEqual([
      { field: 'electorate.totalWeight', message: 'must be the sum of the seat weights (7/2)' },
    ]);
    const stranger = spec
      .given([])
      .when(
        open({
          electorate: { ...weightedElectorate, seatWeights: { ...weightedElectorate.seatWeights, 'seat-9': '1' } },
        }),
      )
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(stranger.problems.map((problem) => problem.field)).toEqual(['electorate.seatWeights']);
  });

  it("weighs a ballot by its seat's weight in the opening, whatever weight the voter facts carry", () => {
    spec
      .given([opened({ electorate: weightedElectorate })])
      .when(cast(2, yesNo('yes')))
      .then([castEvent(2, yesNo('yes'), 'm-2', '3/2')]);
  });

  it('counts the weighted seats: a heavier seat outweighs an ordinary one', () => {
    const state = foldEvents(conventionVoteDecider, [
      opened({ electorate: weightedElectorate }),
      castEvent(1, yesNo('no'), 'm-1', '1'),
      castEvent(2, yesNo('yes'), 'm-2', '3/2'),
    ]);
    const [closed] = conventionVoteDecider.decide(close(), state);
    expect(closed).toMatchObject({ type: 'ConventionVoteClosed', data: { tally: { outcome: 'adopted' } } });
    expect(closed.data).toMatchObject({ tally: { tally: { yes: '3/2', no: '1' } } });
  });
});

describe('convention vote decider: ranked votes against the status quo', () => {
  const spec = DeciderSpecification(conventionVoteDecider);
  const ranked = (...ranking: string[]): ConventionBallot => ({ method: 'ranked', ranking });
  const twoThirds: VoteRules = { threshold: { kind: 'two-thirds' }, quorum: null };
  const closeRanked = (rules: VoteRules, ballots: ConventionBallot[]) => {
    const state = foldEvents(conventionVoteDecider, [
      opened({ subject: competing, method: 'ranked', rules }),
      ...ballots.map((ballot, index) => castEvent(index + 1, ballot)),
    ]);
    const [closed] = conventionVoteDecider.decide(close(), state);
    if (closed.type !== 'ConventionVoteClosed' || closed.data.tally.method !== 'ranked') {
      throw new Error('expected a ranked tally');
    }
    return closed.data.tally;
  };

  it('takes "none of these" as a candidate on a ballot', () => {
    spec
      .given([opened({ subject: competing, method: 'ranked' })])
      .when(cast(1, ranked(NONE_OF_THESE, proposalId)))
      .then([castEvent(1, ranked(NONE_OF_THESE, proposalId))]);
  });

  it('adopts nothing when "none of these" wins', () => {
    const tally = closeRanked(majority, [
      ranked(NONE_OF_THESE),
      ranked(NONE_OF_THESE, proposalId),
      ranked(otherProposalId, NONE_OF_THESE),
    ]);
    expect(tally).toMatchObject({ outcome: 'decided', leader: NONE_OF_THESE, winner: null, againstStatusQuo: null });
    expect(tally.schulze.candidates).toEqual([proposalId, otherProposalId, NONE_OF_THESE]);
    expect(carries(tally, proposalId)).toBe(false);
    expect(carries(tally, otherProposalId)).toBe(false);
  });

  it("adopts the leading proposal only if it beats the status quo by the kind's threshold", () => {
    // The proposal beats every rival, but only 3 of 5 prefer it to no change: short of two thirds.
    const ballots = [
      ranked(proposalId, NONE_OF_THESE, otherProposalId),
      ranked(proposalId, NONE_OF_THESE, otherProposalId),
      ranked(proposalId, NONE_OF_THESE, otherProposalId),
      ranked(NONE_OF_THESE, proposalId, otherProposalId),
      ranked(NONE_OF_THESE, proposalId, otherProposalId),
    ];
    const strict = closeRanked(twoThirds, ballots);
    expect(strict).toMatchObject({ outcome: 'decided', leader: proposalId, winner: null });
    expect(strict.againstStatusQuo).toMatchObject({
      outcome: 'rejected',
      tally: { yes: '3', no: '2', abstain: '0' },
      threshold: { kind: 'two-thirds' },
    });
    expect(carries(strict, proposalId)).toBe(false);

    const lenient = closeRanked(majority, ballots);
    expect(lenient).toMatchObject({ leader: proposalId, winner: proposalId, againstStatusQuo: { outcome: 'adopted' } });
    expect(carries(lenient, proposalId)).toBe(true);
  });

  it('counts a ballot that ranks neither the leader nor the status quo as abstaining between them', () => {
    const tally = closeRanked(twoThirds, [
      ranked(proposalId),
      ranked(proposalId, otherProposalId),
      ranked(otherProposalId),
    ]);
    expect(tally).toMatchObject({ leader: proposalId, winner: proposalId });
    expect(tally.againstStatusQuo).toMatchObject({ tally: { yes: '2', no: '0', abstain: '1' } });
  });
});
