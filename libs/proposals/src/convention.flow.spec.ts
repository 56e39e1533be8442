import { Decider, DomainError, DomainEvent, foldEvents, summarizePages } from '../../core/src';
import { AgendaFacts, votesThatMayOpen } from './agenda/agenda';
import { amendmentDecider } from './amendment/amendment.decider';
import { amendmentStream } from './amendment/amendment.events';
import { AmendmentState, KnownAmendment, amendmentFacts } from './amendment/amendment.state';
import { ClauseOperation } from './clauses/clauses';
import { charterDecider } from './charter/charter.decider';
import { charterStream } from './charter/charter.events';
import { CharterState, adoptedProposalFacts, rulesInForce } from './charter/charter.state';
import { conventionVoteDecider } from './convention-vote/convention-vote.decider';
import {
  ConventionBallot,
  ConventionVoteSubject,
  conventionVoteStream,
} from './convention-vote/convention-vote.events';
import { ConventionVoteState } from './convention-vote/convention-vote.state';
import { carries } from './convention-vote/convention-vote.tally';
import { ConventionPhase, VoteRules } from './facts';
import { agendaAmendment, agendaProposal, primaryAmendmentTarget, secondaryAmendmentTarget } from './handler-facts';
import { ProposalMotion, proposalStream } from './proposal/proposal.events';
import { KnownProposal, ProposalState, currentVersion } from './proposal/proposal.state';
import { proposalDecider } from './proposal/proposal.decider';
import { referendumDecider } from './referendum/referendum.decider';
import { referendumStream } from './referendum/referendum.events';
import { ReferendumState, publishedCount, referendumCountPages } from './referendum/referendum.state';
import { amendmentDeadline, conventionId, delegate, secretariat, submissionDeadline } from './testing/fixtures';

/**
 * The whole convention through the deciders alone, wired the way command handlers will wire them:
 * each step loads the streams it needs, builds the facts, decides and appends. It documents the
 * orchestration the API has to do and checks that the aggregates fit together.
 */
class Streams {
  private readonly streams = new Map<string, DomainEvent[]>();
  private clock = Date.parse('2026-06-01T10:00:00.000Z');

  now(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  load<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string): S {
    return foldEvents(decider, (this.streams.get(stream) ?? []) as E[]);
  }

  run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, command: C): E[] {
    const events = decider.decide(command, this.load(decider, stream));
    this.streams.set(stream, [...(this.streams.get(stream) ?? []), ...events]);
    return [...events];
  }

  /** Runs a command that must be refused, and checks that nothing was appended anywhere. */
  refuse<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, command: C): DomainError {
    const before = JSON.stringify([...this.streams]);
    let thrown: unknown;
    try {
      this.run(decider, stream, command);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(JSON.stringify([...this.streams])).toBe(before);
    return thrown as DomainError;
  }
}

const known = <S extends { status: string }>(state: S): Exclude<S, { status: 'unknown' }> => {
  if (state.status === 'unknown') throw new Error('not found');
  return state as Exclude<S, { status: 'unknown' }>;
};

describe('a convention from submission to ratification', () => {
  const store = new Streams();
  let phase: ConventionPhase = 'proposal-submission';
  const rules: VoteRules = { threshold: { kind: 'simple-majority' }, quorum: { fraction: '1/2', of: 'electorate' } };
  const delegates = ['d1', 'd2', 'd3', 'd4', 'd5'];
  const electorate = { seats: 5, totalWeight: '5' };

  const proposal = (id: string): KnownProposal =>
    known(store.load(proposalDecider, proposalStream(id)) as ProposalState);
  const amendment = (id: string): KnownAmendment =>
    known(store.load(amendmentDecider, amendmentStream(id)) as AmendmentState);
  const charter = (): CharterState => store.load(charterDecider, charterStream());
  const amendmentIds: string[] = [];
  const agenda = (): AgendaFacts => ({
    proposals: ['P1', 'P2', 'P3'].map((id) => agendaProposal(proposal(id))),
    amendments: amendmentIds.map((id) => agendaAmendment(amendment(id))),
  });

  const submit = (proposalId: string, sponsor: string, motion: ProposalMotion, subject: string, clauses: string[]) =>
    store.run(proposalDecider, proposalStream(proposalId), {
      type: 'SubmitProposal',
      data: {
        proposalId,
        conventionId,
        motion,
        title: subject,
        subject,
        clauses,
        sponsor: delegate(sponsor),
        phase,
        rules: { secondersRequired: 1 },
        deadlines: { proposalSubmission: submissionDeadline },
        submittedAt: store.now(),
      },
    });

  const proposeAmendment = (
    amendmentId: string,
    author: string,
    target: ReturnType<typeof secondaryAmendmentTarget>,
    operations: ClauseOperation[],
  ) => {
    const events = store.run(amendmentDecider, amendmentStream(amendmentId), {
      type: 'ProposeAmendment',
      data: {
        amendmentId,
        author: delegate(author),
        target,
        operations,
        phase,
        rules: { amendmentDepth: 2, friendlyAmendments: true },
        deadlines: { amendment: amendmentDeadline },
        proposedAt: store.now(),
      },
    });
    amendmentIds.push(amendmentId);
    return events;
  };

  /** The policy that reacts to a new version: every undecided amendment drafted on an older one falls into conflict. */
  const markConflicts = () => {
    for (const id of amendmentIds) {
      const state = amendment(id);
      const current =
        state.parentAmendmentId === null
          ? currentVersion(proposal(state.proposalId)).version
          : amendment(state.parentAmendmentId).revision;
      store.run(amendmentDecider, amendmentStream(id), {
        type: 'MarkAmendmentInConflict',
        data: { amendmentId: id, currentVersion: current, detectedAt: store.now() },
      });
    }
  };

  /** Opens a vote, collects the delegates' ballots and closes it, returning the closed vote. */
  const vote = (voteId: string, subject: ConventionVoteSubject, ballots: ConventionBallot[]) => {
    store.run(conventionVoteDecider, conventionVoteStream(voteId), {
      type: 'OpenConventionVote',
      data: {
        voteId,
        conventionId,
        subject,
        openedBy: secretariat,
        phase,
        agenda: agenda(),
        rules,
        electorate,
        openedAt: store.now(),
      },
    });
    // Once the vote is open, its subjects are marked as being voted on, which freezes them.
    if (subject.kind === 'amendment') {
      const { amendmentId } = subject;
      store.run(amendmentDecider, amendmentStream(amendmentId), {
        type: 'PutAmendmentToVote',
        data: { amendmentId, voteId, putAt: store.now() },
      });
    } else {
      for (const proposalId of subject.kind === 'proposal' ? [subject.proposalId] : subject.proposalIds) {
        store.run(proposalDecider, proposalStream(proposalId), {
          type: 'PutProposalToVote',
          data: { proposalId, voteId, putAt: store.now() },
        });
      }
    }
    ballots.forEach((ballot, index) =>
      store.run(conventionVoteDecider, conventionVoteStream(voteId), {
        type: 'CastConventionBallot',
        data: {
          voteId,
          voter: { memberId: delegates[index], seatId: `seat-${index}`, isCredentialedDelegate: true, weight: '1' },
          ballot,
          castAt: store.now(),
        },
      }),
    );
    store.run(conventionVoteDecider, conventionVoteStream(voteId), {
      type: 'CloseConventionVote',
      data: { voteId, closedBy: secretariat, present: null, closedAt: store.now() },
    });
    const closed = known(store.load(conventionVoteDecider, conventionVoteStream(voteId)) as ConventionVoteState);
    if (closed.tally === null) throw new Error('not closed');
    return closed.tally;
  };
  const yes = (count: number, no = 0): ConventionBallot[] => [
    ...Array<ConventionBallot>(count).fill({ method: 'yes-no', choice: 'yes' }),
    ...Array<ConventionBallot>(no).fill({ method: 'yes-no', choice: 'no' }),
  ];

  const decideAmendment = (amendmentId: string, voteId: string, ballots: ConventionBallot[]) => {
    const tally = vote(
      voteId,
      { kind: 'amendment', amendmentId, proposalId: amendment(amendmentId).proposalId },
      ballots,
    );
    store.run(amendmentDecider, amendmentStream(amendmentId), {
      type: 'RecordAmendmentDecision',
      data: { amendmentId, voteId, tally, decidedAt: store.now() },
    });
    const decided = amendment(amendmentId);
    if (decided.status !== 'adopted') return;
    if (decided.parentAmendmentId === null) {
      store.run(proposalDecider, proposalStream(decided.proposalId), {
        type: 'ApplyAdoptedAmendment',
        data: { proposalId: decided.proposalId, amendment: amendmentFacts(decided), voteId, amendedAt: store.now() },
      });
    } else {
      store.run(amendmentDecider, amendmentStream(decided.parentAmendmentId), {
        type: 'ApplyAdoptedSecondary',
        data: {
          amendmentId: decided.parentAmendmentId,
          secondary: amendmentFacts(decided),
          voteId,
          appliedAt: store.now(),
        },
      });
    }
    markConflicts();
  };

  const enact = (proposalId: string) =>
    store.run(charterDecider, charterStream(), {
      type: 'EnactAdoptedProposal',
      data: { proposal: adoptedProposalFacts(proposal(proposalId)), enactedAt: store.now() },
    });

  it('runs submission, amendments, agenda-ordered votes, adoption and ratification', () => {
    // Submission: a body, and two competing rules on dues.
    expect(
      store.refuse(proposalDecider, proposalStream('P0'), {
        type: 'SubmitProposal',
        data: {
          proposalId: 'P0',
          conventionId,
          motion: { kind: 'resolution' },
          title: 'Anything',
          subject: 'Anything',
          clauses: ['Anything.'],
          sponsor: delegate('m-not-a-delegate', false),
          phase,
          rules: { secondersRequired: 1 },
          deadlines: { proposalSubmission: submissionDeadline },
          submittedAt: store.now(),
        },
      }).category,
    ).toBe('FORBIDDEN');
    submit(
      'P1',
      'd1',
      {
        kind: 'create-body',
        bodyId: 'B1',
        name: 'National council',
        composition: [{ role: 'Branch delegate', seats: 2 }],
      },
      'Council',
      ['A national council is created.', 'It meets yearly.'],
    );
    submit('P2', 'd2', { kind: 'adopt-rule', ruleId: 'R-dues' }, 'Dues', ['Dues are voluntary.']);
    submit('P3', 'd3', { kind: 'adopt-rule', ruleId: 'R-dues' }, 'Dues', ['Dues are one euro a month.']);
    for (const id of ['P1', 'P2', 'P3']) {
      store.run(proposalDecider, proposalStream(id), {
        type: 'SecondProposal',
        data: { proposalId: id, seconder: delegate('d5'), secondedAt: store.now() },
      });
    }

    // Amendments: a primary with a secondary, and a primary the sponsor accepts as friendly.
    phase = 'amendment';
    proposeAmendment('A1', 'd2', primaryAmendmentTarget(proposal('P1'))!, [
      { op: 'replace', clause: 2, text: 'It meets twice a year.' },
    ]);
    proposeAmendment('S1', 'd3', secondaryAmendmentTarget(proposal('P1'), amendment('A1')), [
      { op: 'insert-after', clause: 2, text: 'Its meetings are public.' },
    ]);
    expect(
      store.refuse(amendmentDecider, amendmentStream('T1'), {
        type: 'ProposeAmendment',
        data: {
          amendmentId: 'T1',
          author: delegate('d4'),
          target: secondaryAmendmentTarget(proposal('P1'), amendment('S1')),
          operations: [{ op: 'strike', clause: 3 }],
          phase,
          rules: { amendmentDepth: 2, friendlyAmendments: true },
          deadlines: { amendment: amendmentDeadline },
          proposedAt: store.now(),
        },
      }).code,
    ).toBe('AMENDMENT_TOO_DEEP');
    proposeAmendment('A2', 'd4', primaryAmendmentTarget(proposal('P1'))!, [
      { op: 'insert-after', clause: 0, text: 'Preamble: the council serves the branches.' },
    ]);
    store.run(proposalDecider, proposalStream('P1'), {
      type: 'AcceptFriendlyAmendment',
      data: {
        proposalId: 'P1',
        memberId: 'd1',
        amendment: amendmentFacts(amendment('A2')),
        rules: { amendmentDepth: 2, friendlyAmendments: true },
        acceptedAt: store.now(),
      },
    });
    store.run(amendmentDecider, amendmentStream('A2'), {
      type: 'MarkAmendmentAcceptedAsFriendly',
      data: { amendmentId: 'A2', acceptedBy: 'd1', proposalVersion: 2, acceptedAt: store.now() },
    });
    markConflicts();
    expect(amendment('A1').inConflictWith).toBe(2);

    // A1's author rebases on version 2; that makes a new revision of A1, so S1 must rebase too.
    store.run(amendmentDecider, amendmentStream('A1'), {
      type: 'RebaseAmendment',
      data: {
        amendmentId: 'A1',
        memberId: 'd2',
        target: primaryAmendmentTarget(proposal('P1'))!,
        operations: [{ op: 'replace', clause: 3, text: 'It meets twice a year.' }],
        rebasedAt: store.now(),
      },
    });
    markConflicts();
    expect(amendment('S1').inConflictWith).toBe(2);
    store.run(amendmentDecider, amendmentStream('S1'), {
      type: 'RebaseAmendment',
      data: {
        amendmentId: 'S1',
        memberId: 'd3',
        target: secondaryAmendmentTarget(proposal('P1'), amendment('A1')),
        operations: [{ op: 'insert-after', clause: 3, text: 'Its meetings are public.' }],
        rebasedAt: store.now(),
      },
    });

    // Voting in agenda order: the secondary, then the primary, then the main motion.
    phase = 'voting';
    expect(
      votesThatMayOpen(agenda()).map((item) => (item.kind === 'amendment' ? item.amendmentId : item.proposalId)),
    ).toEqual(['S1', 'P2', 'P3']);
    const blocked = store.refuse(conventionVoteDecider, conventionVoteStream('V-P1-early'), {
      type: 'OpenConventionVote',
      data: {
        voteId: 'V-P1-early',
        conventionId,
        subject: { kind: 'proposal', proposalId: 'P1' },
        openedBy: secretariat,
        phase,
        agenda: agenda(),
        rules,
        electorate,
        openedAt: store.now(),
      },
    });
    expect(blocked.code).toBe('AMENDMENTS_PENDING');
    decideAmendment('S1', 'V-S1', yes(3, 2));
    decideAmendment('A1', 'V-A1', yes(4, 1));
    expect(currentVersion(proposal('P1')).clauses).toEqual([
      'Preamble: the council serves the branches.',
      'A national council is created.',
      'It meets twice a year.',
      'Its meetings are public.',
    ]);

    const p1Tally = vote('V-P1', { kind: 'proposal', proposalId: 'P1' }, yes(5));
    const late = store.refuse(conventionVoteDecider, conventionVoteStream('V-P1'), {
      type: 'CastConventionBallot',
      data: {
        voteId: 'V-P1',
        voter: { memberId: 'd1', seatId: 'seat-0', isCredentialedDelegate: true, weight: '1' },
        ballot: { method: 'yes-no', choice: 'no' },
        castAt: store.now(),
      },
    });
    expect(late.code).toBe('CONVENTION_VOTE_CLOSED');
    store.run(proposalDecider, proposalStream('P1'), {
      type: 'RecordProposalDecision',
      data: {
        proposalId: 'P1',
        voteId: 'V-P1',
        outcome: carries(p1Tally) ? 'adopted' : 'rejected',
        tally: p1Tally,
        decidedAt: store.now(),
      },
    });
    expect(proposal('P1').status).toBe('adopted');
    const tooLate = store.refuse(amendmentDecider, amendmentStream('A9'), {
      type: 'ProposeAmendment',
      data: {
        amendmentId: 'A9',
        author: delegate('d4'),
        target: primaryAmendmentTarget(proposal('P1'))!,
        operations: [{ op: 'strike', clause: 1 }],
        phase: 'amendment',
        rules: { amendmentDepth: 2, friendlyAmendments: true },
        deadlines: { amendment: '2027-01-01T00:00:00.000Z' },
        proposedAt: store.now(),
      },
    });
    expect(tooLate.code).toBe('PROPOSAL_NOT_AMENDABLE');
    enact('P1');

    // Competing proposals in one ranked vote.
    const ranked = (...ranking: string[]): ConventionBallot => ({ method: 'ranked', ranking });
    const duesTally = vote('V-dues', { kind: 'competing-proposals', subject: 'Dues', proposalIds: ['P2', 'P3'] }, [
      ranked('P3', 'P2'),
      ranked('P3'),
      ranked('P2', 'P3'),
      ranked('P3', 'P2'),
    ]);
    for (const id of ['P2', 'P3']) {
      store.run(proposalDecider, proposalStream(id), {
        type: 'RecordProposalDecision',
        data: {
          proposalId: id,
          voteId: 'V-dues',
          outcome: carries(duesTally, id) ? 'adopted' : 'rejected',
          tally: duesTally,
          decidedAt: store.now(),
        },
      });
    }
    expect([proposal('P2').status, proposal('P3').status]).toEqual(['rejected', 'adopted']);
    enact('P3');

    const adopted = charter();
    expect(adopted.phase).toBe('INTERIM');
    expect(adopted.bodies.B1).toMatchObject({
      name: 'National council',
      origin: { proposalId: 'P1', proposalVersion: 3, voteId: 'V-P1', amendmentIds: ['A2', 'A1'] },
    });
    expect(rulesInForce(adopted)).toEqual([
      expect.objectContaining({
        ruleId: 'R-dues',
        version: expect.objectContaining({ consolidatedText: '1. Dues are one euro a month.' }),
      }),
    ]);

    // Ratification by the members.
    phase = 'ratification';
    const stream = referendumStream('REF');
    store.run(referendumDecider, stream, {
      type: 'OpenReferendum',
      data: {
        referendumId: 'REF',
        conventionId,
        question: 'Ratify the charter?',
        openedBy: secretariat,
        phase,
        electorateSize: 4,
        rules: { threshold: { kind: 'two-thirds' }, quorum: { fraction: '1/2', of: 'electorate' } },
        openedAt: store.now(),
      },
    });
    const resigned = store.refuse(referendumDecider, stream, {
      type: 'CastReferendumBallot',
      data: {
        referendumId: 'REF',
        voterKey: 'hmac-resigned',
        voter: { inGoodStanding: false },
        tracker: 'trk-0',
        choice: 'no',
        castAt: store.now(),
      },
    });
    expect(resigned.code).toBe('VOTER_NOT_IN_GOOD_STANDING');
    (['yes', 'yes', 'no'] as const).forEach((choice, index) =>
      store.run(referendumDecider, stream, {
        type: 'CastReferendumBallot',
        data: {
          referendumId: 'REF',
          voterKey: `hmac-${index}`,
          voter: { inGoodStanding: true },
          tracker: `trk-${index + 1}`,
          choice,
          castAt: store.now(),
        },
      }),
    );
    store.run(referendumDecider, stream, {
      type: 'CloseReferendum',
      data: { referendumId: 'REF', closedBy: secretariat, closedAt: store.now() },
    });
    const closing = known(store.load(referendumDecider, stream) as ReferendumState);
    const count = publishedCount(closing.ballots);
    store.run(referendumDecider, stream, {
      type: 'CountReferendum',
      data: { referendumId: 'REF', count, pages: summarizePages(referendumCountPages(count)), countedAt: store.now() },
    });
    const referendum = known(store.load(referendumDecider, stream) as ReferendumState);
    store.run(charterDecider, charterStream(), {
      type: 'RecordRatification',
      data: { referendumId: 'REF', phase, tally: referendum.tally!, decidedAt: store.now() },
    });
    expect(charter().phase).toBe('FINAL');
  });
});
