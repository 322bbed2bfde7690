/**
 * Exact decimal arithmetic on strings for rates and money.
 * Rates and amounts never go through binary floats: a value is a BigInt
 * scaled by 10^SCALE.
 */
const SCALE = 12;
const ONE = 10n ** BigInt(SCALE);

export class Dec {
  private constructor(readonly units: bigint) {}

  static readonly ZERO = new Dec(0n);
  static readonly HUNDRED = Dec.of('100');

  /** Parse a plain decimal string such as "17.6", "-0.5", "1000". */
  static of(text: string): Dec {
    const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(text.trim());
    if (!m) throw new Error(`not a decimal number: "${text}"`);
    const frac = (m[3] ?? '').slice(0, SCALE).padEnd(SCALE, '0');
    const units = BigInt(m[2]) * ONE + BigInt(frac);
    return new Dec(m[1] ? -units : units);
  }

  static isDecimal(text: string): boolean {
    return /^-?\d+(\.\d+)?$/.test(text.trim());
  }

  add(o: Dec): Dec {
    return new Dec(this.units + o.units);
  }
  sub(o: Dec): Dec {
    return new Dec(this.units - o.units);
  }
  mul(o: Dec): Dec {
    return new Dec(roundDiv(this.units * o.units, ONE));
  }
  div(o: Dec): Dec {
    if (o.units === 0n) throw new Error('division by zero');
    return new Dec(roundDiv(this.units * ONE, o.units));
  }
  cmp(o: Dec): number {
    return this.units < o.units ? -1 : this.units > o.units ? 1 : 0;
  }
  isZero(): boolean {
    return this.units === 0n;
  }
  isNegative(): boolean {
    return this.units < 0n;
  }
  min(o: Dec): Dec {
    return this.cmp(o) <= 0 ? this : o;
  }
  max(o: Dec): Dec {
    return this.cmp(o) >= 0 ? this : o;
  }

  /** this × pct / 100, rounded to `places` decimals, in one multiplication and one division. */
  pctRounded(p: Dec, places: number): Dec {
    const factor = 10n ** BigInt(SCALE - places);
    return new Dec(roundDiv(this.units * p.units, ONE * 100n * factor) * factor);
  }

  /** Rounded half away from zero to `places` decimals. */
  round(places: number): Dec {
    const factor = 10n ** BigInt(SCALE - places);
    return new Dec(roundDiv(this.units, factor) * factor);
  }

  /** Rounded half away from zero to `places` decimals, always with that many decimals. */
  toFixed(places: number): string {
    const factor = 10n ** BigInt(SCALE - places);
    const q = roundDiv(this.units, factor);
    const neg = q < 0n;
    const abs = neg ? -q : q;
    const s = abs.toString().padStart(places + 1, '0');
    const int = places ? s.slice(0, -places) : s;
    const frac = places ? s.slice(-places) : '';
    return (neg ? '-' : '') + int + (places ? '.' + frac : '');
  }

  /** Shortest exact representation (trailing zeros trimmed), rounded to `maxPlaces`. */
  toString(maxPlaces = 6): string {
    const fixed = this.toFixed(maxPlaces);
    if (!fixed.includes('.')) return fixed;
    const trimmed = fixed.replace(/0+$/, '').replace(/\.$/, '');
    return trimmed === '-0' ? '0' : trimmed;
  }
}

function roundDiv(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an + ad / 2n) / ad;
  return neg ? -q : q;
}
