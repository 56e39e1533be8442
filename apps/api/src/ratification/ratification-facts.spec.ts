import { proposalsPhase, referendumBallotStream, referendumIdOf } from './ratification-facts';

describe('ratification facts', () => {
  it('names one referendum per convention and ballot streams by ballot key only', () => {
    expect(referendumIdOf('c1')).toBe(referendumIdOf('c1'));
    expect(referendumIdOf('c1')).not.toBe(referendumIdOf('c2'));
    expect(referendumBallotStream('r1', 'abc')).toBe('ReferendumBallot-r1-abc');
    expect(proposalsPhase('RATIFICATION')).toBe('ratification');
    expect(proposalsPhase('PROPOSAL_SUBMISSION')).toBe('proposal-submission');
  });
});
