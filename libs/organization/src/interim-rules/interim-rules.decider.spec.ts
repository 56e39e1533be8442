import { DomainError, InvalidInputError } from '../../../core/src';
import { DeciderSpecification } from '../../../testing/src';
import { interimRulesDecider } from './interim-rules.decider';
import { InterimRulesAuthority } from './interim-rules.commands';
import { DEFAULT_INTERIM_RULES, InterimRules, InterimRulesEvent, interimRulesStream } from './interim-rules.events';

const at = '2026-03-01T10:00:00.000Z';
const spec = DeciderSpecification(interimRulesDecider);

const strict: InterimRules = {
  decisions: {
    minimumSupport: { numerator: 9, denominator: 10 },
    maximumObjections: 0,
    allowedKinds: ['call-convention'],
  },
  minimumChapterFounders: 5,
};

const setup: InterimRulesAuthority = { kind: 'setup' };
const adoptedDecision = (decisionId = 'decision-1') => ({
  kind: 'interim-decision' as const,
  decisionId,
  decisionKind: 'interim-rules',
  adopted: true,
  decisionRules: strict as InterimRules | null,
});

function rulesSet(version: number, rules: InterimRules, authorizedByDecisionId: string | null): InterimRulesEvent {
  return { type: 'InterimRulesSet', data: { version, rules, authorizedByDecisionId, setAt: at } };
}

describe('interim rules decider', () => {
  it('lives in one fixed stream and starts from the defaults (4/5, at most one objection, 3 founders)', () => {
    expect(interimRulesStream()).toBe('InterimRules-organization');
    expect(interimRulesDecider.initialState().rules).toEqual(DEFAULT_INTERIM_RULES);
    expect(DEFAULT_INTERIM_RULES.decisions.minimumSupport).toEqual({ numerator: 4, denominator: 5 });
  });

  it('lets the operator set the first version at setup', () => {
    spec
      .given([])
      .when({ type: 'SetInterimRules', data: { rules: strict, authority: setup, setAt: at } })
      .then([rulesSet(1, strict, null)]);
  });

  it('normalizes allowed kinds and drops repeats', () => {
    const rules = {
      ...strict,
      decisions: { ...strict.decisions, allowedKinds: [' call-convention ', 'call-convention'] },
    };
    spec
      .given([])
      .when({ type: 'SetInterimRules', data: { rules, authority: setup, setAt: at } })
      .then([rulesSet(1, strict, null)]);
  });

  it('numbers a change by an adopted interim-rules decision as the next version and records the decision', () => {
    spec
      .given([rulesSet(1, DEFAULT_INTERIM_RULES, null)])
      .when({ type: 'SetInterimRules', data: { rules: strict, authority: adoptedDecision(), setAt: at } })
      .then([rulesSet(2, strict, 'decision-1')]);
  });

  it('refuses a decision that was not adopted', () => {
    spec
      .given([])
      .when({
        type: 'SetInterimRules',
        data: { rules: strict, authority: { ...adoptedDecision(), adopted: false }, setAt: at },
      })
      .thenThrows(DomainError, 'DECISION_NOT_ADOPTED');
  });

  it('refuses a decision of another kind', () => {
    spec
      .given([])
      .when({
        type: 'SetInterimRules',
        data: { rules: strict, authority: { ...adoptedDecision(), decisionKind: 'budget' }, setAt: at },
      })
      .thenThrows(DomainError, 'DECISION_WRONG_KIND');
  });

  it('puts in force only the rules the adopted decision proposed', () => {
    spec
      .given([])
      .when({
        type: 'SetInterimRules',
        data: { rules: { ...strict, minimumChapterFounders: 1 }, authority: adoptedDecision(), setAt: at },
      })
      .thenThrows(DomainError, 'RULES_DIFFER_FROM_DECISION');
    spec
      .given([])
      .when({
        type: 'SetInterimRules',
        data: { rules: strict, authority: { ...adoptedDecision(), decisionRules: null }, setAt: at },
      })
      .thenThrows(DomainError, 'RULES_DIFFER_FROM_DECISION');
  });

  it('uses each decision at most once', () => {
    spec
      .given([rulesSet(1, strict, 'decision-1')])
      .when({
        type: 'SetInterimRules',
        data: { rules: DEFAULT_INTERIM_RULES, authority: adoptedDecision(), setAt: at },
      })
      .thenThrows(DomainError, 'DECISION_ALREADY_APPLIED');
  });

  it('names every bad rule', () => {
    const rules: InterimRules = {
      decisions: { minimumSupport: { numerator: 6, denominator: 5 }, maximumObjections: -1, allowedKinds: [' '] },
      minimumChapterFounders: 0,
    };
    const error = spec
      .given([])
      .when({ type: 'SetInterimRules', data: { rules, authority: setup, setAt: 'now' } })
      .thenThrows(InvalidInputError) as InvalidInputError;
    expect(error.problems.map((problem) => problem.field)).toEqual([
      'decisions.minimumSupport.numerator',
      'decisions.maximumObjections',
      'decisions.allowedKinds[0]',
      'minimumChapterFounders',
      'setAt',
    ]);
  });

  it('allows an empty list of kinds (no interim decisions at all)', () => {
    const rules = { ...strict, decisions: { ...strict.decisions, allowedKinds: [] } };
    spec
      .given([])
      .when({ type: 'SetInterimRules', data: { rules, authority: setup, setAt: at } })
      .then([rulesSet(1, rules, null)]);
  });
});
