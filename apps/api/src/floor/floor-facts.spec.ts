import { PROPOSAL_KINDS as CONVENTION_KINDS } from '../../../../libs/convention/src';
import { PROPOSAL_KINDS, voteRulesFor } from '../../../../libs/proposals/src';
import { countYesNo } from '../../../../libs/voting/src';
import { conventionProposalKindOf, proposalKindOf, thresholdOf, votingProcedureOf } from './floor-facts';

describe('floor facts: the convention’s vocabulary in the proposals context', () => {
  it('maps every proposal kind both ways', () => {
    expect(CONVENTION_KINDS.map(proposalKindOf)).toEqual(PROPOSAL_KINDS);
    expect(PROPOSAL_KINDS.map(conventionProposalKindOf)).toEqual(CONVENTION_KINDS);
  });

  it('reads one half as more than half, and any other share as at least that share', () => {
    const count = (yes: number, no: number, share: string) =>
      countYesNo(
        [
          { choice: 'yes', count: yes },
          { choice: 'no', count: no },
        ],
        { threshold: thresholdOf(share) },
      ).outcome;
    expect([count(5, 5, '1/2'), count(6, 5, '1/2')]).toEqual(['rejected', 'adopted']);
    expect([count(6, 4, '2/3'), count(2, 1, '2/3')]).toEqual(['rejected', 'adopted']);
    expect([count(2, 1, '3/4'), count(3, 1, '3/4')]).toEqual(['rejected', 'adopted']);
  });

  it('gives each kind its threshold, amendments a simple majority, and all the convention’s quorum', () => {
    const procedure = votingProcedureOf({
      thresholds: CONVENTION_KINDS.map((kind) => ({ kind, threshold: kind === 'RESOLUTION' ? '1/2' : '2/3' })),
      quorum: '1/3',
    });
    const quorum = { fraction: '1/3', of: 'electorate' };
    expect(voteRulesFor(procedure, 'resolution')).toEqual({ threshold: { kind: 'simple-majority' }, quorum });
    expect(voteRulesFor(procedure, 'create-body')).toEqual({ threshold: { kind: 'two-thirds' }, quorum });
    expect(voteRulesFor(procedure, 'amendment')).toEqual({ threshold: { kind: 'simple-majority' }, quorum });
  });
});
