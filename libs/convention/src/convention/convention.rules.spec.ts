import {
  PROPOSAL_KINDS,
  RulesOfProcedure,
  checkRulesOfProcedure,
  normalizeRules,
  ratificationThresholdOf,
  seatWeightOf,
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

describe('seat weights in the rules of procedure', () => {
  it('weighs every seat 1 when the rules give no weights, and leaves them out of the stored form', () => {
    expect(seatWeightOf(rules, 'chapter-a')).toBe('1');
    expect(normalizeRules(rules)).not.toHaveProperty('seatWeights');
    expect(normalizeRules({ ...rules, seatWeights: [] })).not.toHaveProperty('seatWeights');
    expect(normalizeRules({ ...rules, seatWeights: null as unknown as undefined })).not.toHaveProperty('seatWeights');
  });

  it("gives each seat its chapter's weight, in lowest terms and in a fixed order", () => {
    const weighted = normalizeRules({
      ...rules,
      seatWeights: [
        { chapterId: 'chapter-b', weight: '1.5' },
        { chapterId: 'chapter-a', weight: '4/6' },
      ],
    });
    expect(weighted.seatWeights).toEqual([
      { chapterId: 'chapter-a', weight: '2/3' },
      { chapterId: 'chapter-b', weight: '3/2' },
    ]);
    expect(checkRulesOfProcedure(weighted, calledAt)).toEqual([]);
    expect(seatWeightOf(weighted, 'chapter-a')).toBe('2/3');
    expect(seatWeightOf(weighted, 'chapter-b')).toBe('3/2');
    expect(seatWeightOf(weighted, 'chapter-c')).toBe('1');
  });

  it('refuses a weight that is not a positive number, or a chapter named twice or not at all', () => {
    expect(
      checkRulesOfProcedure(
        {
          ...rules,
          seatWeights: [
            { chapterId: 'chapter-a', weight: '0' },
            { chapterId: 'chapter-b', weight: 'heavy' },
            { chapterId: ' ', weight: '2' },
          ],
        },
        calledAt,
      ),
    ).toEqual([
      { field: 'rules.seatWeights[0].weight', message: 'must be a positive number such as "2" or "3/2", at most 1000' },
      { field: 'rules.seatWeights[1].weight', message: 'must be a positive number such as "2" or "3/2", at most 1000' },
      { field: 'rules.seatWeights[2].chapterId', message: 'must name a chapter' },
    ]);
    expect(
      checkRulesOfProcedure(
        {
          ...rules,
          seatWeights: [
            { chapterId: 'chapter-a', weight: '2' },
            { chapterId: 'chapter-a', weight: '3' },
          ],
        },
        calledAt,
      ),
    ).toEqual([{ field: 'rules.seatWeights', message: 'must name each chapter once' }]);
  });
});
