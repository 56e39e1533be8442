import {
  PROPOSAL_KINDS,
  RulesOfProcedure,
  checkRulesOfProcedure,
  normalizeRules,
  ratificationThresholdOf,
} from './convention.rules';

const calledAt = '2026-03-01T10:00:00.000Z';
const rules: RulesOfProcedure = {
  thresholds: PROPOSAL_KINDS.map((kind) => ({ kind, threshold: kind === 'ADOPT_RULE' ? '3/5' : '2/3' })),
  quorum: '1/2',
  amendmentDepth: 2,
  friendlyAmendments: true,
  seconders: 2,
  deadlines: [],
  totalSeats: 10,
  minimumSeatsPerChapter: 1,
  apportionmentMethod: 'SAINTE_LAGUE',
  electionMethod: 'STV',
  alternatesPerChapter: 2,
  lotSeed: 'founding-2026',
};

describe('the ratification threshold in the rules of procedure', () => {
  it('is optional: rules without it keep exactly the form they always had', () => {
    expect(checkRulesOfProcedure(rules, calledAt)).toEqual([]);
    expect(normalizeRules(rules)).not.toHaveProperty('ratificationThreshold');
    expect(normalizeRules({ ...rules, ratificationThreshold: null as unknown as undefined })).not.toHaveProperty(
      'ratificationThreshold',
    );
  });

  it('is a share in (0, 1], carried in lowest terms', () => {
    expect(normalizeRules({ ...rules, ratificationThreshold: '0.75' }).ratificationThreshold).toBe('3/4');
    for (const bad of ['0', '3/2', 'most', '']) {
      expect(checkRulesOfProcedure({ ...rules, ratificationThreshold: bad }, calledAt)).toEqual([
        { field: 'rules.ratificationThreshold', message: 'must be a fraction in (0, 1] such as "2/3"' },
      ]);
    }
  });

  it('falls back to the threshold for adopting a rule when the rules set none', () => {
    expect(ratificationThresholdOf({ ...rules, ratificationThreshold: '3/4' })).toBe('3/4');
    expect(ratificationThresholdOf(rules)).toBe('3/5');
  });
});
