import fc from 'fast-check';
import { Rational } from './rational';
import { VotingError } from './voting.errors';

describe('Rational', () => {
  it('keeps fractions in lowest terms with a positive denominator', () => {
    expect(Rational.of(6, -4).toString()).toBe('-3/2');
    expect(Rational.of(10, 5).toString()).toBe('2');
    expect(Rational.of(0, 7).toString()).toBe('0');
  });

  it('reads fractions, exact decimals, integers and pairs', () => {
    expect(Rational.from('2/3').toString()).toBe('2/3');
    expect(Rational.from('0.125').toString()).toBe('1/8');
    expect(Rational.from('-4').toString()).toBe('-4');
    expect(Rational.from(12n).toString()).toBe('12');
    expect(Rational.from({ numerator: 3, denominator: 9 }).toString()).toBe('1/3');
  });

  it('refuses binary floating point and malformed text', () => {
    expect(() => Rational.from(0.1)).toThrow(VotingError);
    expect(() => Rational.from('one third')).toThrow(expect.objectContaining({ code: 'INVALID_RATIONAL' }));
    expect(() => Rational.of(1, 0)).toThrow(expect.objectContaining({ code: 'INVALID_RATIONAL' }));
  });

  it('adds, multiplies, divides and compares exactly', () => {
    const third = Rational.of(1, 3);
    expect(third.add(third).add(third).equals(Rational.ONE)).toBe(true);
    expect(Rational.of(2, 3).mul(Rational.of(9, 4)).toString()).toBe('3/2');
    expect(Rational.of(2, 3).div(Rational.of(4, 3)).toString()).toBe('1/2');
    expect(Rational.of(2, 3).gt(Rational.of(66, 100))).toBe(true);
    expect(Rational.of(-7, 2).floor()).toBe(-4n);
    expect(Rational.of(7, 2).floor()).toBe(3n);
    expect(Rational.of(2, 3).toDecimal(4)).toBe('0.6666');
  });

  it('agrees with integer arithmetic on random fractions', () => {
    const fraction = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }))
      .map(([n, d]) => Rational.of(n, d));
    fc.assert(
      fc.property(fraction, fraction, (a, b) => {
        expect(a.add(b).sub(b).equals(a)).toBe(true);
        if (!b.isZero()) expect(a.div(b).mul(b).equals(a)).toBe(true);
        expect(a.compare(b)).toBe(-b.compare(a));
      }),
      { numRuns: 300 },
    );
  });
});
