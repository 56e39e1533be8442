import fc from 'fast-check';
import { DomainError, foldEvents } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { ProposalMotion } from '../proposal/proposal.events';
import { closedAt, phases, proposalId, voteId, yesNoTally } from '../testing/fixtures';
import { AdoptedProposalFacts, CharterCommand } from './charter.commands';
import { charterDecider, requireDraftOnRuleInForce } from './charter.decider';
import { CharterEvent, EnactmentOrigin, RuleAdopted, charterStream } from './charter.events';
import { rulesInForce } from './charter.state';

const clauses = ['Dues are voluntary.', 'Branches publish their accounts.'];
const origin = (id = proposalId, version = 2): EnactmentOrigin => ({
  proposalId: id,
  proposalVersion: version,
  voteId,
  amendmentIds: ['a-1'],
});
const proposal = (motion: ProposalMotion, overrides: Partial<AdoptedProposalFacts> = {}): AdoptedProposalFacts => ({
  proposalId,
  status: 'adopted',
  motion,
  title: 'Dues',
  clauses,
  version: 2,
  voteId,
  amendmentIds: ['a-1'],
  ...overrides,
});
const enact = (facts: AdoptedProposalFacts): CharterCommand => ({
  type: 'EnactAdoptedProposal',
  data: { proposal: facts, enactedAt: closedAt },
});
const ruleAdopted: RuleAdopted = {
  type: 'RuleAdopted',
  data: {
    ruleId: 'r-dues',
    version: 1,
    title: 'Dues',
    clauses,
    consolidatedText: '1. Dues are voluntary.\n2. Branches publish their accounts.',
    origin: origin(),
    adoptedAt: closedAt,
  },
};
const ratify = (
  yes: number,
  no: number,
  referendumId = 'ref-1',
  phase: (typeof phases)[number] = 'ratification',
): CharterCommand => ({
  type: 'RecordRatification',
  data: { referendumId, phase, tally: yesNoTally(yes, no), decidedAt: closedAt },
});

const spec = DeciderSpecification(charterDecider);

describe('charter decider', () => {
  it('has one stream for the organization', () => {
    expect(charterStream()).toBe('Charter-organization');
  });

  describe('EnactAdoptedProposal', () => {
    it('adopts a rule with its consolidated text and the proposal, amendments and vote behind it', () => {
      spec
        .given([])
        .when(enact(proposal({ kind: 'adopt-rule', ruleId: 'r-dues' })))
        .then([ruleAdopted]);
    });

    it('amends a rule into a new numbered version, keeping every version', () => {
      const amending = proposal(
        { kind: 'amend-rule', ruleId: 'r-dues', ruleVersion: 1 },
        { proposalId: 'p-2', clauses: ['Dues are set by branches.'] },
      );
      const amended: CharterEvent = {
        type: 'RuleAmended',
        data: {
          ruleId: 'r-dues',
          version: 2,
          clauses: ['Dues are set by branches.'],
          consolidatedText: '1. Dues are set by branches.',
          origin: origin('p-2'),
          amendedAt: closedAt,
        },
      };
      spec.given([ruleAdopted]).when(enact(amending)).then([amended]);
      const state = foldEvents(charterDecider, [ruleAdopted, amended]);
      expect(state.rules['r-dues'].versions.map((version) => [version.version, version.origin.proposalId])).toEqual([
        [1, proposalId],
        [2, 'p-2'],
      ]);
      expect(rulesInForce(state).map(({ version }) => version.version)).toEqual([2]);
    });

    it('enacts a second adopted amendment of one rule against the text in force, and refuses such drafts before the vote', () => {
      const second = proposal(
        { kind: 'amend-rule', ruleId: 'r-dues', ruleVersion: 1 },
        { proposalId: 'p-5', clauses: ['Dues are set by chapters.'] },
      );
      const firstAmended: CharterEvent = {
        type: 'RuleAmended',
        data: {
          ruleId: 'r-dues',
          version: 2,
          clauses: ['Dues are set by branches.'],
          consolidatedText: '1. Dues are set by branches.',
          origin: origin('p-2'),
          amendedAt: closedAt,
        },
      };
      spec
        .given([ruleAdopted, firstAmended])
        .when(enact(second))
        .then([
          {
            type: 'RuleAmended',
            data: {
              ruleId: 'r-dues',
              version: 3,
              clauses: ['Dues are set by chapters.'],
              consolidatedText: '1. Dues are set by chapters.',
              origin: origin('p-5'),
              amendedAt: closedAt,
            },
          },
        ]);
      // A repeal drafted on version 1 repeals the version in force.
      spec
        .given([ruleAdopted, firstAmended])
        .when(enact(proposal({ kind: 'repeal-rule', ruleId: 'r-dues', ruleVersion: 1 }, { proposalId: 'p-6' })))
        .then([
          {
            type: 'RuleRepealed',
            data: { ruleId: 'r-dues', repealedVersion: 2, origin: origin('p-6'), repealedAt: closedAt },
          },
        ]);
      // Before a vote, the same draft is refused: delegates redraft on the version in force.
      const charter = foldEvents(charterDecider, [ruleAdopted, firstAmended]);
      expect(() => requireDraftOnRuleInForce(charter, second.motion)).toThrow(
        expect.objectContaining({ code: 'RULE_CHANGED_SINCE_PROPOSAL' }),
      );
      expect(() =>
        requireDraftOnRuleInForce(charter, { kind: 'amend-rule', ruleId: 'r-dues', ruleVersion: 2 }),
      ).not.toThrow();
    });

    it('refuses to amend a rule that was repealed, or is unknown', () => {
      const repeal = proposal({ kind: 'repeal-rule', ruleId: 'r-dues', ruleVersion: 1 }, { proposalId: 'p-3' });
      const repealed: CharterEvent = {
        type: 'RuleRepealed',
        data: { ruleId: 'r-dues', repealedVersion: 1, origin: origin('p-3'), repealedAt: closedAt },
      };
      spec.given([ruleAdopted]).when(enact(repeal)).then([repealed]);
      spec
        .given([ruleAdopted, repealed])
        .when(enact(proposal({ kind: 'amend-rule', ruleId: 'r-dues', ruleVersion: 1 }, { proposalId: 'p-4' })))
        .thenThrows(DomainError, 'RULE_REPEALED');
      expect(rulesInForce(foldEvents(charterDecider, [ruleAdopted, repealed]))).toEqual([]);
      spec
        .given([])
        .when(enact(proposal({ kind: 'repeal-rule', ruleId: 'r-none', ruleVersion: 1 })))
        .thenThrows(DomainError, 'RULE_NOT_FOUND');
    });

    it('creates bodies and adopts commitments, campaigns and resolutions', () => {
      const composition = [{ role: 'Delegate of a branch', seats: 2 }];
      spec
        .given([])
        .when(enact(proposal({ kind: 'create-body', bodyId: 'b-1', name: 'National council', composition })))
        .then([
          {
            type: 'BodyCreated',
            data: {
              bodyId: 'b-1',
              name: 'National council',
              composition,
              mandate: clauses,
              origin: origin(),
              createdAt: closedAt,
            },
          },
        ]);
      spec
        .given([])
        .when(enact(proposal({ kind: 'adopt-commitment', commitmentId: 'k-1' })))
        .then([
          {
            type: 'CommitmentAdopted',
            data: { commitmentId: 'k-1', title: 'Dues', clauses, origin: origin(), adoptedAt: closedAt },
          },
        ]);
      spec
        .given([])
        .when(enact(proposal({ kind: 'adopt-campaign', campaignId: 'g-1' })))
        .then([
          {
            type: 'CampaignAdopted',
            data: { campaignId: 'g-1', title: 'Dues', clauses, origin: origin(), adoptedAt: closedAt },
          },
        ]);
      spec
        .given([])
        .when(enact(proposal({ kind: 'resolution' })))
        .then([{ type: 'ResolutionAdopted', data: { title: 'Dues', clauses, origin: origin(), adoptedAt: closedAt } }]);
    });

    it('enacts a proposal once, and only an adopted one', () => {
      spec
        .given([ruleAdopted])
        .when(enact(proposal({ kind: 'adopt-rule', ruleId: 'r-dues' })))
        .thenNothingHappened();
      spec
        .given([])
        .when(enact(proposal({ kind: 'adopt-rule', ruleId: 'r-dues' }, { status: 'rejected' })))
        .thenThrows(DomainError, 'PROPOSAL_NOT_ADOPTED');
      spec
        .given([ruleAdopted])
        .when(enact(proposal({ kind: 'adopt-rule', ruleId: 'r-dues' }, { proposalId: 'p-9' })))
        .thenThrows(DomainError, 'RULE_ALREADY_EXISTS');
    });
  });

  describe('RecordRatification', () => {
    const ratified: CharterEvent = {
      type: 'CharterRatified',
      data: { referendumId: 'ref-1', tally: yesNoTally(70, 30), phase: 'FINAL', ratifiedAt: closedAt },
    };

    it('makes the phase FINAL when the referendum carries', () => {
      spec.given([ruleAdopted]).when(ratify(70, 30)).then([ratified]);
      expect(foldEvents(charterDecider, [ruleAdopted, ratified]).phase).toBe('FINAL');
    });

    it('keeps the interim structure when it does not', () => {
      spec
        .given([ruleAdopted])
        .when(ratify(30, 70))
        .then([
          {
            type: 'CharterRatificationFailed',
            data: { referendumId: 'ref-1', tally: yesNoTally(30, 70), failedAt: closedAt },
          },
        ]);
      expect(
        foldEvents(charterDecider, [
          ruleAdopted,
          {
            type: 'CharterRatificationFailed',
            data: { referendumId: 'ref-1', tally: yesNoTally(30, 70), failedAt: closedAt },
          },
        ]).phase,
      ).toBe('INTERIM');
    });

    it('ratifies only in the ratification phase, once, and then takes no more enactments', () => {
      for (const phase of phases.filter((candidate) => candidate !== 'ratification')) {
        spec
          .given([])
          .when(ratify(70, 30, 'ref-1', phase))
          .thenThrows(DomainError, 'WRONG_CONVENTION_PHASE');
      }
      spec.given([ruleAdopted, ratified]).when(ratify(70, 30)).thenNothingHappened();
      spec
        .given([ruleAdopted, ratified])
        .when(ratify(70, 30, 'ref-2'))
        .thenThrows(DomainError, 'CHARTER_ALREADY_RATIFIED');
      spec
        .given([ruleAdopted, ratified])
        .when(enact(proposal({ kind: 'resolution' }, { proposalId: 'p-late' })))
        .thenThrows(DomainError, 'CHARTER_ALREADY_RATIFIED');
    });
  });

  it('replaying the stored events always gives the same state', () => {
    const motion = fc.oneof(
      fc.constantFrom('r-1', 'r-2').map((ruleId): ProposalMotion => ({ kind: 'adopt-rule', ruleId })),
      fc
        .record({ ruleId: fc.constantFrom('r-1', 'r-2'), ruleVersion: fc.integer({ min: 1, max: 3 }) })
        .map((target): ProposalMotion => ({ kind: 'amend-rule', ...target })),
      fc
        .record({ ruleId: fc.constantFrom('r-1', 'r-2'), ruleVersion: fc.integer({ min: 1, max: 3 }) })
        .map((target): ProposalMotion => ({ kind: 'repeal-rule', ...target })),
      fc.constant<ProposalMotion>({ kind: 'resolution' }),
    );
    const command = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .record({ motion, id: fc.integer({ min: 1, max: 20 }) })
          .map(({ motion: m, id }) => enact(proposal(m, { proposalId: `p-${id}` }))),
      },
      { weight: 1, arbitrary: fc.nat(100).map((yes) => ratify(yes, 50)) },
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 15 }), (sequence) => {
        let state = charterDecider.initialState();
        const history: CharterEvent[] = [];
        for (const next of sequence) {
          try {
            const events = charterDecider.decide(next, state);
            history.push(...events);
            state = events.reduce(charterDecider.evolve, state);
          } catch {
            // a refused command appends nothing
          }
        }
        expect(foldEvents(charterDecider, JSON.parse(JSON.stringify(history)))).toEqual(state);
      }),
    );
  });
});
