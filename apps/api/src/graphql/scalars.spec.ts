import { Kind } from 'graphql';
import { DateTime, UUID } from './scalars';

describe('schema scalars', () => {
  it('DateTime hands resolvers and clients the canonical instant, whatever offset a client wrote', () => {
    expect(DateTime.parseValue('2026-02-01T10:00:00+01:00')).toBe('2026-02-01T09:00:00.000Z');
    expect(DateTime.parseLiteral({ kind: Kind.STRING, value: '2026-02-01T09:00:00Z' })).toBe(
      '2026-02-01T09:00:00.000Z',
    );
    expect(DateTime.serialize('2026-02-01T09:00:00Z')).toBe('2026-02-01T09:00:00.000Z');
  });

  it('DateTime refuses what is not an instant', () => {
    for (const bad of ['2026-13-01T00:00:00Z', 'yesterday', '2026-02-01', 42])
      expect(() => DateTime.parseValue(bad)).toThrow(/DateTime/);
  });

  it('UUID accepts either case and hands on lowercase; refuses anything else', () => {
    const upper = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
    expect(UUID.parseValue(upper)).toBe(upper.toLowerCase());
    expect(UUID.parseLiteral({ kind: Kind.STRING, value: upper })).toBe(upper.toLowerCase());
    expect(UUID.serialize(upper)).toBe(upper.toLowerCase());
    for (const bad of ['nope', 'a0eebc99-9c0b-4ef8-bb6d', 7]) expect(() => UUID.parseValue(bad)).toThrow(/UUID/);
  });
});
