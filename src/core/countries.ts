/** ISO 3166 country codes as origins (no dependency: the quote path and the schema both read it). */

/** codes ICU names that are not ISO 3166-1 countries: user-assigned and group codes (XK, Kosovo, is kept), exceptional
 *  reservations (AC, CP, CQ, DG, EA, IC, TA) and codes withdrawn from ISO 3166-1 (AN, BU, CS, DD, DY, FX, HV, NH, RH, SU, TP, UK, VD, YD, YU, ZR) */
const NOT_ISO = /^(AA|ZZ|EU|UN|EZ|Q[M-Z]|X[A-JL-Z]|AC|CP|CQ|DG|EA|IC|TA|AN|BU|CS|DD|DY|FX|HV|NH|RH|SU|TP|UK|VD|YD|YU|ZR)$/;

/** ISO 3166 alpha-2 codes that name a country or territory (Node's ICU knows them; an unknown code comes back as itself) */
let names: Intl.DisplayNames | undefined;
/** made on first use: building ICU's region names costs milliseconds a quote for China does not need */
const regionNames = () => (names ??= new Intl.DisplayNames(['en'], { type: 'region' }));
export const isCountry = (code: string) => /^[A-Z]{2}$/.test(code) && !NOT_ISO.test(code) && regionNames().of(code) !== code;

/** The English name of a country code. */
export const countryName = (code: string) => regionNames().of(code) ?? code;

let every: string[] | undefined;

/** Every code accepted as an origin (ISO 3166 alpha-2, with XK for Kosovo), sorted. */
export function everyOrigin(): string[] {
  if (!every) {
    every = [];
    for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) {
      const c = String.fromCharCode(a, b);
      if (isCountry(c)) every.push(c);
    }
  }
  return every;
}
