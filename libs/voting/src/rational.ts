import { show, VotingError } from './voting.errors';

/**
 * What a caller may pass where a rational is expected: a Rational, a bigint, a safe integer, a
 * string ("2/3", "0.75", "-4") or a numerator/denominator pair. A non-integer JavaScript number is
 * refused: 0.1 is not one tenth, and a count must not depend on binary rounding.
 */
export type RationalInput =
  Rational | bigint | number | string | { readonly numerator: bigint | number; readonly denominator: bigint | number };

const abs = (value: bigint): bigint => (value < 0n ? -value : value);

const gcd = (a: bigint, b: bigint): bigint => {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x;
};

const toBigInt = (value: bigint | number, what: string): bigint => {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new VotingError('INVALID_RATIONAL', `${what} must be an integer, got ${show(value)}`, {
    value: show(value),
  });
};

/** An exact fraction of two bigints, always in lowest terms with a positive denominator. */
export class Rational {
  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  readonly numerator: bigint;
  readonly denominator: bigint;

  private constructor(numerator: bigint, denominator: bigint) {
    this.numerator = numerator;
    this.denominator = denominator;
  }

  /** numerator / denominator, reduced; a zero denominator is an INVALID_RATIONAL error. */
  static of(numerator: bigint | number, denominator: bigint | number = 1n): Rational {
    let n = toBigInt(numerator, 'numerator');
    let d = toBigInt(denominator, 'denominator');
    if (d === 0n) throw new VotingError('INVALID_RATIONAL', 'A fraction cannot have a zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const divisor = gcd(n, d);
    return divisor > 1n ? new Rational(n / divisor, d / divisor) : new Rational(n, d);
  }

  /** Reads any RationalInput exactly. */
  static from(input: RationalInput): Rational {
    if (input instanceof Rational) return input;
    if (typeof input === 'bigint' || typeof input === 'number') return Rational.of(input);
    if (typeof input === 'string') return Rational.parse(input);
    if (input !== null && typeof input === 'object' && 'numerator' in input && 'denominator' in input) {
      return Rational.of(input.numerator, input.denominator);
    }
    throw new VotingError('INVALID_RATIONAL', `Not a rational number: ${show(input)}`);
  }

  /** Parses "7", "-2/3" or the exact decimal "0.125". */
  static parse(text: string): Rational {
    const trimmed = text.trim();
    const fraction = /^([+-]?\d+)\s*\/\s*(\d+)$/.exec(trimmed);
    if (fraction) return Rational.of(BigInt(fraction[1]), BigInt(fraction[2]));
    const decimal = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(trimmed);
    if (decimal) {
      const digits = decimal[3] ?? '';
      const magnitude = BigInt(decimal[2] + digits);
      return Rational.of(decimal[1] === '-' ? -magnitude : magnitude, 10n ** BigInt(digits.length));
    }
    throw new VotingError('INVALID_RATIONAL', `Not a rational number: "${text}" (use "2/3" or "0.75")`, {
      value: text,
    });
  }

  add(other: Rational): Rational {
    if (this.denominator === other.denominator) return Rational.of(this.numerator + other.numerator, this.denominator);
    return Rational.of(
      this.numerator * other.denominator + other.numerator * this.denominator,
      this.denominator * other.denominator,
    );
  }

  sub(other: Rational): Rational {
    return this.add(other.neg());
  }

  mul(other: Rational): Rational {
    return Rational.of(this.numerator * other.numerator, this.denominator * other.denominator);
  }

  div(other: Rational): Rational {
    if (other.numerator === 0n) throw new VotingError('INVALID_RATIONAL', 'Division by zero');
    return Rational.of(this.numerator * other.denominator, this.denominator * other.numerator);
  }

  neg(): Rational {
    return new Rational(-this.numerator, this.denominator);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than other. */
  compare(other: Rational): -1 | 0 | 1 {
    const left = this.numerator * other.denominator;
    const right = other.numerator * this.denominator;
    return left < right ? -1 : left > right ? 1 : 0;
  }

  lt(other: Rational): boolean {
    return this.compare(other) < 0;
  }

  lte(other: Rational): boolean {
    return this.compare(other) <= 0;
  }

  gt(other: Rational): boolean {
    return this.compare(other) > 0;
  }

  gte(other: Rational): boolean {
    return this.compare(other) >= 0;
  }

  equals(other: Rational): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  isZero(): boolean {
    return this.numerator === 0n;
  }

  isNegative(): boolean {
    return this.numerator < 0n;
  }

  /** The greatest integer not above this value. */
  floor(): bigint {
    const quotient = this.numerator / this.denominator;
    return this.numerator < 0n && quotient * this.denominator !== this.numerator ? quotient - 1n : quotient;
  }

  /** "n/d", or "n" when the denominator is one: the exact, reversible text form used in results. */
  toString(): string {
    return this.denominator === 1n ? this.numerator.toString() : `${this.numerator}/${this.denominator}`;
  }

  /** A decimal rendering for people, truncated toward zero (never used to decide anything). */
  toDecimal(digits: number): string {
    const scale = 10n ** BigInt(digits);
    const negative = this.numerator < 0n;
    const scaled = (abs(this.numerator) * scale) / this.denominator;
    const whole = scaled / scale;
    const fraction = (scaled % scale).toString().padStart(digits, '0');
    return `${negative && scaled !== 0n ? '-' : ''}${whole}${digits > 0 ? `.${fraction}` : ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
