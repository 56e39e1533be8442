import fc from 'fast-check';
import { DomainError, ForbiddenError, InvalidInputError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { AmendmentFacts } from '../amendment/amendment.state';
import { NotACredentialedDelegateError } from '../errors';
import {
  amendmentId,
  amendmentRules,
  conventionId,
  delegate,
  phases,
  proposalId,
  submissionDeadline,
  submittedAt,
  voteId,
  yesNoTally,
} from '../testing/fixtures';
import { ProposalCommand, SubmitProposal } from './proposal.commands';
import { proposalDecider } from './proposal.decider';
import { ProposalEvent, ProposalMotion, ProposalSubmitted, proposalStream } from './proposal.events';
import { currentVersion } from './proposal.state';

const sponsor = 'm-sponsor';
const clauses = ['The organization has a national council.', 'The council meets twice a year.'];
const later = '2026-06-02T10:00:00.000Z';
const motion: ProposalMotion = {
  kind: 'create-body',
  bodyId: 'b-council',
  name: 'National council',
  composition: [{ role: 'Delegate of a branch', seats: 2 }],
};

const submitted = (overrides: Partial<ProposalSubmitted['data']> = {}): ProposalSubmitted => ({
  type: 'ProposalSubmitted',
  data: {
    proposalId,
    conventionId,
    motion,
    title: 'Create a national council',
    subject: 'National bodies',
    clauses,
    version: 1,
    sponsorId: sponsor,
    secondersRequired: 2,
    submittedAt,
    ...overrides,
  },
});

const submit = (overrides: Partial<SubmitProposal['data']> = {}): SubmitProposal => ({
  type: 'SubmitProposal',
  data: {
    proposalId,
    conventionId,
    motion,
    title: 'Create a national council',
    subject: 'National bodies',
    clauses,
    sponsor: delegate(sponsor),
    phase: 'proposal-submission',
    rules: { secondersRequired: 2 },
    deadlines: { proposalSubmission: submissionDeadline },
    submittedAt,
    ...overrides,
  },
});

const seconded = (seconderId: string): ProposalEvent => ({
  type: 'ProposalSeconded',
  data: { proposalId, seconderId, secondedAt: later },
});
const putToVote: ProposalEvent = { type: 'ProposalPutToVote', data: { proposalId, voteId, version: 1, putAt: later } };

const amendment = (overrides: Partial<AmendmentFacts> = {}): AmendmentFacts => ({
  amendmentId,
  proposalId,
  parentAmendmentId: null,
  depth: 1,
  baseVersion: 1,
  revision: 1,
  proposedClauses: [clauses[0], 'The council meets four times a year.'],
  status: 'pending',
  ...overrides,
});

const spec = DeciderSpecification(proposalDecider);

describe('proposal decider', () => {
  it('names its stream after the proposal', () => {
    expect(proposalStream(proposalId)).toBe(`Proposal-${proposalId}`);
  });

  describe('SubmitProposal', () => {
    it('records version 1 of the numbered clauses, normalized', () => {
      spec
        .given([])
        .when(
          submit({
            title: '  Create a   national council ',
            clauses: [' The organization has a national council.', clauses[1]],
          }),
        )
        .then([submitted()]);
    });

    it('refuses a sponsor who is not a credentialed delegate', () => {
      const error = spec
        .given([])
        .when(submit({ sponsor: delegate(sponsor, false) }))
        .thenThrows(NotACredentialedDelegateError, 'NOT_A_CREDENTIALED_DELEGATE');
      expect(error.category).toBe('FORBIDDEN');
    });

    it.each(phases.filter((phase) => phase !== 'proposal-submission'))(
      'refuses a submission in the %s phase',
      (phase) => {
        spec.given([]).when(submit({ phase })).thenThrows(DomainError, 'PROPOSAL_SUBMISSION_CLOSED');
      },
    );

    it('refuses a submission at or after the deadline', () => {
      spec
        .given([])
        .when(submit({ submittedAt: submissionDeadline }))
        .thenThrows(DomainError, 'PROPOSAL_SUBMISSION_CLOSED');
    });

    it('refuses to submit the same proposal twice', () => {
      spec.given([submitted()]).when(submit()).thenThrows(DomainError, 'PROPOSAL_ALREADY_SUBMITTED');
    });

    it('names every malformed field at once', () => {
      const error = spec
        .given([])
        .when(
          submit({
            motion: { kind: 'create-body', bodyId: '', name: 'Council', composition: [{ role: 'x', seats: 0 }] },
            title: ' ',
            clauses: ['fine', ''],
            rules: { secondersRequired: -1 },
            submittedAt: 'yesterday',
          }),
        )
        .thenThrows(InvalidInputError, 'INVALID_INPUT') as InvalidInputError;
      expect(error.problems.map((problem) => problem.field)).toEqual([
        'motion.bodyId',
        'motion.composition[0].seats',
        'title',
        'clauses[1]',
        'rules.secondersRequired',
        'submittedAt',
      ]);
    });

    it('refuses an unknown kind and an amend-rule motion without a rule version', () => {
      const unknown = spec
        .given([])
        .when(submit({ motion: { kind: 'abolish' } as unknown as ProposalMotion }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(unknown.problems.map((problem) => problem.field)).toEqual(['motion.kind']);
      const amend = spec
        .given([])
        .when(submit({ motion: { kind: 'amend-rule', ruleId: 'r1', ruleVersion: 0 } }))
        .thenThrows(InvalidInputError) as InvalidInputError;
      expect(amend.problems.map((problem) => problem.field)).toEqual(['motion.ruleVersion']);
    });
  });

  describe('SecondProposal', () => {
    const second = (memberId: string, credentialed = true): ProposalCommand => ({
      type: 'SecondProposal',
      data: { proposalId, seconder: delegate(memberId, credentialed), secondedAt: later },
    });

    it('records a delegate’s second, once', () => {
      spec
        .given([submitted()])
        .when(second('m-2'))
        .then([seconded('m-2')]);
      spec
        .given([submitted(), seconded('m-2')])
        .when(second('m-2'))
        .thenNothingHappened();
    });

    it('refuses a seconder who is not a credentialed delegate, and the sponsor', () => {
      spec.given([submitted()]).when(second('m-2', false)).thenThrows(ForbiddenError, 'NOT_A_CREDENTIALED_DELEGATE');
      spec.given([submitted()]).when(second(sponsor)).thenThrows(ForbiddenError, 'SPONSOR_CANNOT_SECOND');
    });

    it('refuses a second on a proposal never submitted or withdrawn', () => {
      spec.given([]).when(second('m-2')).thenThrows(DomainError, 'PROPOSAL_NOT_FOUND');
      spec
        .given([
          submitted(),
          { type: 'ProposalWithdrawn', data: { proposalId, withdrawnBy: sponsor, withdrawnAt: later } },
        ])
        .when(second('m-2'))
        .thenThrows(DomainError, 'PROPOSAL_CLOSED');
    });
  });

  describe('WithdrawProposal', () => {
    const withdraw = (memberId = sponsor): ProposalCommand => ({
      type: 'WithdrawProposal',
      data: { proposalId, memberId, withdrawnAt: later },
    });

    it('lets the sponsor withdraw before voting', () => {
      spec
        .given([submitted(), seconded('m-2')])
        .when(withdraw())
        .then([{ type: 'ProposalWithdrawn', data: { proposalId, withdrawnBy: sponsor, withdrawnAt: later } }]);
    });

    it('refuses anyone but the sponsor', () => {
      spec.given([submitted()]).when(withdraw('m-2')).thenThrows(ForbiddenError, 'NOT_THE_SPONSOR');
    });

    it('refuses once the vote has started, and once decided', () => {
      spec.given([submitted(), putToVote]).when(withdraw()).thenThrows(DomainError, 'PROPOSAL_UNDER_VOTE');
      spec
        .given([
          submitted(),
          putToVote,
          {
            type: 'ProposalRejected',
            data: { proposalId, voteId, version: 1, tally: yesNoTally(1, 5), rejectedAt: later },
          },
        ])
        .when(withdraw())
        .thenThrows(DomainError, 'PROPOSAL_CLOSED');
    });
  });

  describe('AcceptFriendlyAmendment', () => {
    const accept = (
      overrides: { memberId?: string; amendment?: AmendmentFacts; friendly?: boolean } = {},
    ): ProposalCommand => ({
      type: 'AcceptFriendlyAmendment',
      data: {
        proposalId,
        memberId: overrides.memberId ?? sponsor,
        amendment: overrides.amendment ?? amendment(),
        rules: amendmentRules({ friendlyAmendments: overrides.friendly ?? true }),
        acceptedAt: later,
      },
    });
    const acceptedEvent: ProposalEvent = {
      type: 'ProposalFriendlyAmendmentAccepted',
      data: {
        proposalId,
        amendmentId,
        version: 2,
        clauses: amendment().proposedClauses,
        acceptedBy: sponsor,
        acceptedAt: later,
      },
    };

    it('makes a new version of the text without a vote', () => {
      spec.given([submitted()]).when(accept()).then([acceptedEvent]);
      const state = foldEvents(proposalDecider, [submitted(), acceptedEvent]);
      expect(state.status !== 'unknown' && currentVersion(state)).toEqual({
        version: 2,
        clauses: amendment().proposedClauses,
        origin: { by: 'friendly-amendment', amendmentId },
        madeAt: later,
      });
    });

    it('refuses where the rules have no friendly amendments, and for anyone but the sponsor', () => {
      spec
        .given([submitted()])
        .when(accept({ friendly: false }))
        .thenThrows(ForbiddenError, 'FRIENDLY_AMENDMENTS_NOT_ALLOWED');
      spec
        .given([submitted()])
        .when(accept({ memberId: 'm-2' }))
        .thenThrows(ForbiddenError, 'NOT_THE_SPONSOR');
    });

    it('refuses an amendment drafted on an older version', () => {
      spec
        .given([submitted(), acceptedEvent])
        .when(accept({ amendment: amendment({ amendmentId: 'a-other' }) }))
        .thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
    });

    it('refuses an amendment that is no longer pending, or a secondary one', () => {
      spec
        .given([submitted()])
        .when(accept({ amendment: amendment({ status: 'withdrawn' }) }))
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
      spec
        .given([submitted()])
        .when(accept({ amendment: amendment({ parentAmendmentId: 'a-parent', depth: 2 }) }))
        .thenThrows(InvalidInputError);
    });

    it('refuses to amend a withdrawn or decided proposal', () => {
      spec
        .given([
          submitted(),
          { type: 'ProposalWithdrawn', data: { proposalId, withdrawnBy: sponsor, withdrawnAt: later } },
        ])
        .when(accept())
        .thenThrows(DomainError, 'PROPOSAL_NOT_AMENDABLE');
      spec
        .given([
          submitted(),
          putToVote,
          {
            type: 'ProposalAdopted',
            data: { proposalId, voteId, version: 1, tally: yesNoTally(5, 1), adoptedAt: later },
          },
        ])
        .when(accept())
        .thenThrows(DomainError, 'PROPOSAL_NOT_AMENDABLE');
    });
  });

  describe('ApplyAdoptedAmendment', () => {
    const apply = (facts: AmendmentFacts = amendment({ status: 'adopted' })): ProposalCommand => ({
      type: 'ApplyAdoptedAmendment',
      data: { proposalId, amendment: facts, voteId: 'v-amendment', amendedAt: later },
    });
    const amendedEvent: ProposalEvent = {
      type: 'ProposalAmendedByVote',
      data: {
        proposalId,
        amendmentId,
        voteId: 'v-amendment',
        version: 2,
        clauses: amendment().proposedClauses,
        amendedAt: later,
      },
    };

    it('takes an adopted amendment in as a new version, once', () => {
      spec.given([submitted()]).when(apply()).then([amendedEvent]);
      spec.given([submitted(), amendedEvent]).when(apply()).thenNothingHappened();
    });

    it('refuses an amendment the convention did not adopt', () => {
      spec
        .given([submitted()])
        .when(apply(amendment({ status: 'rejected' })))
        .thenThrows(DomainError, 'AMENDMENT_NOT_PENDING');
    });
  });

  describe('PutProposalToVote and RecordProposalDecision', () => {
    const put: ProposalCommand = { type: 'PutProposalToVote', data: { proposalId, voteId, putAt: later } };
    const decision = (outcome: 'adopted' | 'rejected', vote = voteId): ProposalCommand => ({
      type: 'RecordProposalDecision',
      data: {
        proposalId,
        voteId: vote,
        outcome,
        tally: yesNoTally(outcome === 'adopted' ? 5 : 1, 3),
        decidedAt: later,
      },
    });

    it('puts a seconded proposal to the vote, with its current version', () => {
      spec
        .given([submitted(), seconded('m-2'), seconded('m-3')])
        .when(put)
        .then([putToVote]);
    });

    it('refuses a proposal short of seconders', () => {
      spec
        .given([submitted(), seconded('m-2')])
        .when(put)
        .thenThrows(DomainError, 'PROPOSAL_NOT_SECONDED');
    });

    it('records adoption and rejection with the tally', () => {
      spec
        .given([submitted(), putToVote])
        .when(decision('adopted'))
        .then([
          {
            type: 'ProposalAdopted',
            data: { proposalId, voteId, version: 1, tally: yesNoTally(5, 3), adoptedAt: later },
          },
        ]);
      spec
        .given([submitted(), putToVote])
        .when(decision('rejected'))
        .then([
          {
            type: 'ProposalRejected',
            data: { proposalId, voteId, version: 1, tally: yesNoTally(1, 3), rejectedAt: later },
          },
        ]);
    });

    it('refuses the decision of another vote', () => {
      spec
        .given([submitted(), putToVote])
        .when(decision('adopted', 'v-other'))
        .thenThrows(DomainError, 'PROPOSAL_NOT_UNDER_THIS_VOTE');
    });
  });

  it('replaying the stored events always gives the same state', () => {
    const commands = fc.array(
      fc.oneof(
        fc.constantFrom('m-2', 'm-3', sponsor).map((memberId): ProposalCommand => ({
          type: 'SecondProposal',
          data: { proposalId, seconder: delegate(memberId), secondedAt: later },
        })),
        fc.constant<ProposalCommand>({
          type: 'WithdrawProposal',
          data: { proposalId, memberId: sponsor, withdrawnAt: later },
        }),
        fc.integer({ min: 1, max: 3 }).map((base): ProposalCommand => ({
          type: 'AcceptFriendlyAmendment',
          data: {
            proposalId,
            memberId: sponsor,
            amendment: amendment({ amendmentId: `a-${base}`, baseVersion: base, proposedClauses: [`Text ${base}.`] }),
            rules: amendmentRules(),
            acceptedAt: later,
          },
        })),
        fc.constant<ProposalCommand>({ type: 'PutProposalToVote', data: { proposalId, voteId, putAt: later } }),
        fc.constantFrom<'adopted' | 'rejected'>('adopted', 'rejected').map((outcome): ProposalCommand => ({
          type: 'RecordProposalDecision',
          data: { proposalId, voteId, outcome, tally: yesNoTally(2, 1), decidedAt: later },
        })),
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(commands, (sequence) => {
        let state = proposalDecider.initialState();
        const history: ProposalEvent[] = [];
        for (const command of [submit(), ...sequence]) {
          try {
            const events = proposalDecider.decide(command, state);
            history.push(...events);
            state = events.reduce(proposalDecider.evolve, state);
          } catch {
            // a refused command appends nothing
          }
        }
        expect(foldEvents(proposalDecider, JSON.parse(JSON.stringify(history)))).toEqual(state);
      }),
    );
  });

  describe('the hold for a vote on one of its amendments (a reservation) and its release', () => {
    const otherVote = 'v-other';
    const hold = (vote = voteId, facts: AmendmentFacts = amendment({ status: 'under-vote' })): ProposalCommand => ({
      type: 'HoldProposalForAmendmentVote',
      data: { proposalId, amendment: facts, voteId: vote, heldAt: later },
    });
    const held: ProposalEvent = {
      type: 'ProposalHeldForAmendmentVote',
      data: { proposalId, amendmentId, voteId, version: 1, heldAt: later },
    };
    const release = (vote = voteId): ProposalCommand => ({
      type: 'ReleaseProposalFromVote',
      data: { proposalId, voteId: vote, releasedAt: later },
    });
    const friendly = (facts: AmendmentFacts): ProposalCommand => ({
      type: 'AcceptFriendlyAmendment',
      data: { proposalId, memberId: sponsor, amendment: facts, rules: amendmentRules(), acceptedAt: later },
    });

    it('holds the text at its current version, once per vote; a second vote cannot take it', () => {
      spec.given([submitted()]).when(hold()).then([held]);
      spec.given([submitted(), held]).when(hold()).thenNothingHappened();
      spec.given([submitted(), held]).when(hold(otherVote)).thenThrows(DomainError, 'PROPOSAL_HELD_BY_AMENDMENT_VOTE');
      spec
        .given([submitted()])
        .when(hold(voteId, amendment({ baseVersion: 2 })))
        .thenThrows(DomainError, 'AMENDMENT_IN_CONFLICT');
    });

    it('while held, refuses a friendly acceptance, a vote on the proposal and a withdrawal', () => {
      const given = spec.given([submitted(), seconded('m-2'), seconded('m-3'), held]);
      given
        .when(friendly(amendment({ amendmentId: 'a-other' })))
        .thenThrows(DomainError, 'PROPOSAL_HELD_BY_AMENDMENT_VOTE');
      spec
        .given([submitted(), seconded('m-2'), seconded('m-3'), held])
        .when({ type: 'PutProposalToVote', data: { proposalId, voteId: otherVote, putAt: later } })
        .thenThrows(DomainError, 'PROPOSAL_HELD_BY_AMENDMENT_VOTE');
      spec
        .given([submitted(), held])
        .when({ type: 'WithdrawProposal', data: { proposalId, memberId: sponsor, withdrawnAt: later } })
        .thenThrows(DomainError, 'PROPOSAL_HELD_BY_AMENDMENT_VOTE');
    });

    it('lets the held vote apply its adopted amendment, which ends the hold', () => {
      const applied = foldEvents(proposalDecider, [
        submitted(),
        held,
        ...proposalDecider.decide(
          {
            type: 'ApplyAdoptedAmendment',
            data: { proposalId, amendment: amendment({ status: 'adopted' }), voteId, amendedAt: later },
          },
          foldEvents(proposalDecider, [submitted(), held]),
        ),
      ]);
      expect(applied.status !== 'unknown' && applied.heldBy).toBeNull();
    });

    it('releases only what the named vote holds: the hold, or the proposal put to it', () => {
      spec
        .given([submitted(), held])
        .when(release())
        .then([{ type: 'ProposalReleasedFromVote', data: { proposalId, voteId, releasedAt: later } }]);
      spec.given([submitted(), held]).when(release(otherVote)).thenNothingHappened();
      spec.given([submitted()]).when(release()).thenNothingHappened();
      const reopened = foldEvents(proposalDecider, [
        submitted(),
        putToVote,
        { type: 'ProposalReleasedFromVote', data: { proposalId, voteId, releasedAt: later } },
      ]);
      expect(reopened).toMatchObject({ status: 'open', voteId: null, heldBy: null });
    });

    it('records a decision that could not be carried out, with its reason', () => {
      spec
        .given([submitted()])
        .when({
          type: 'RecordDecisionNotCarriedOut',
          data: { proposalId, voteId, amendmentId: null, reason: 'RULE_REPEALED', message: 'gone', recordedAt: later },
        })
        .then([
          {
            type: 'ProposalDecisionNotCarriedOut',
            data: {
              proposalId,
              voteId,
              amendmentId: null,
              reason: 'RULE_REPEALED',
              message: 'gone',
              recordedAt: later,
            },
          },
        ]);
    });
  });
});
