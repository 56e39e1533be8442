import { ReferendumGate, proposalsPhase, referendumBallotStream, referendumIdOf } from './ratification-facts';

describe('ratification facts', () => {
  it('names one referendum per convention and ballot streams by ballot key only', () => {
    expect(referendumIdOf('c1')).toBe(referendumIdOf('c1'));
    expect(referendumIdOf('c1')).not.toBe(referendumIdOf('c2'));
    expect(referendumBallotStream('r1', 'abc')).toBe('ReferendumBallot-r1-abc');
    expect(proposalsPhase('RATIFICATION')).toBe('ratification');
    expect(proposalsPhase('PROPOSAL_SUBMISSION')).toBe('proposal-submission');
  });

  describe('ReferendumGate', () => {
    it('lets a close wait for the ballots in flight, then refuses new ones', async () => {
      const gate = new ReferendumGate();
      gate.enter('r1');
      gate.enter('r1');
      let drained = false;
      const closing = gate.beginClose('r1').then(() => {
        drained = true;
      });
      expect(() => gate.enter('r1')).toThrow(expect.objectContaining({ code: 'REFERENDUM_CLOSED' }));
      gate.leave('r1');
      await Promise.resolve();
      expect(drained).toBe(false);
      gate.leave('r1');
      await closing;
      expect(drained).toBe(true);
      gate.enter('r2');
      gate.leave('r2');
    });

    it('closes at once when no ballot is in flight', async () => {
      const gate = new ReferendumGate();
      await gate.beginClose('r1');
      expect(() => gate.enter('r1')).toThrow(expect.objectContaining({ code: 'REFERENDUM_CLOSED' }));
    });
  });
});
