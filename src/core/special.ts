/**
 * The HTS column 1 Special column: rates with the programs (Special Program Indicators) that claim them,
 * "Free (A+,AU,BH,...) 16.6% (E) See 9822.05.20 (P)", and the rate a claimed program gets on a line.
 * Facts: HTS general note 3(c); ../shared/reference/us-every-origin.md sec. 2.
 */

export interface SpecialRate {
  /** the rate text as printed: "Free", "16.6%", "See 9822.05.20" */
  rate: string;
  codes: string[];
}

const memo = new Map<string, SpecialRate[]>();

/** The rates of a Special column text, each with its program codes (memoised per text). */
export function parseSpecial(text: string): SpecialRate[] {
  let out = memo.get(text);
  if (!out) {
    out = [];
    for (const m of text.matchAll(/([^()]+?)\s*\(([^)]*)\)/g)) {
      const codes = m[2]!.split(',').map((c) => c.trim()).filter(Boolean);
      out.push({ rate: m[1]!.trim().replace(/^,\s*/, ''), codes });
    }
    memo.set(text, out);
  }
  return out;
}

/** The Special rate printed for a program code on a line, or undefined when the line names it nowhere. */
export function specialRate(text: string, code: string): string | undefined {
  // A* and E*: the line excludes some beneficiaries; the code printed is the one claimed
  return parseSpecial(text).find((r) => r.codes.includes(code))?.rate;
}
