import { canonicalInstant } from './text';

describe('instants', () => {
  it.each(['2026-02-28T23:59:59Z', '2028-02-29T00:00:00.5Z', '2026-12-31T10:00:00.000000001Z'])(
    'accepts %s',
    (value) => {
      expect(canonicalInstant(value)).not.toBeNull();
    },
  );

  it.each([
    '2026-13-01T10:00:00Z',
    '2026-02-29T10:00:00Z',
    '2100-02-29T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-00T10:00:00Z',
    '2026-01-01 10:00:00Z',
  ])('refuses %s', (value) => {
    expect(canonicalInstant(value)).toBeNull();
  });

  it('orders instants of different precision as time does', () => {
    expect(canonicalInstant('2026-01-01T10:00:00Z')).toBe(canonicalInstant('2026-01-01T10:00:00.000Z'));
    expect(canonicalInstant('2026-01-01T10:00:00.1Z')! > canonicalInstant('2026-01-01T10:00:00.09Z')!).toBe(true);
  });
});
