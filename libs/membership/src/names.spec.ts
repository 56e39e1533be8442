import { checkChapterName, checkPseudonym } from './names';

describe('name rules against spoofing', () => {
  it.each([
    ['Ada\u202Eecalevol', 'NAME_BIDI_CONTROL'],
    ['Ada\u200FLovelace', 'NAME_BIDI_CONTROL'],
    ['Ada\u200BLovelace', 'NAME_INVISIBLE_CHARACTER'],
    ['Ada\u2060Lovelace', 'NAME_INVISIBLE_CHARACTER'],
    ['Ada\u3164Lovelace', 'NAME_INVISIBLE_CHARACTER'],
    ['Ada\u0085Lovelace', 'NAME_CONTROL_CHARACTER'],
    ['Ada\rLovelace', 'NAME_CONTROL_CHARACTER'],
    ['Ada\uDC00Lovelace', 'NAME_LONE_SURROGATE'],
    ['P\u0430ypal', 'NAME_MIXED_SCRIPTS'],
    ['\u0391da Lovelace', 'NAME_MIXED_SCRIPTS'],
  ])('refuses %j with %s', (name, reason) => {
    expect(checkPseudonym(name)).toEqual([{ field: 'pseudonym', reason, message: expect.any(String) }]);
    expect(checkChapterName(name)[0]).toMatchObject({ field: 'name', reason });
  });

  it.each(['Ada Lovelace', 'Zoë Ångström', 'Анна Каренина', 'Σωκράτης', '山田 はなこ', '김 민준', "O'Neill-Smith 2"])(
    'accepts %j',
    (name) => {
      expect(checkPseudonym(name)).toEqual([]);
    },
  );

  it('folds ordinary runs of spaces but not line breaks', () => {
    expect(checkPseudonym('Ada   Lovelace')).toEqual([]);
    expect(checkPseudonym('Ada\n Lovelace')[0].reason).toBe('NAME_CONTROL_CHARACTER');
  });
});
