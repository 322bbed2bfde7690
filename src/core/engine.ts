/**
 * The rule engine, by module (see each module's opening comment): query.ts checks a query, coverage.ts finds what covers
 * a product (and holds the caches), rules.ts applies the legal rules, mfn.ts and postal.ts their lines, assess.ts composes
 * an assessment, pricing.ts prices it, quote.ts is the entry point; nomenclature.ts reads the HTS as in force on a date.
 * This file re-exports their public names.
 */
export { MODES, checkDate, normalizeContent, normalizeQuery, importerMeta, checkOrigin } from './query.js';
export type { QueryInput, Query, Mode } from './query.js';
export type { FeeLine, LineStatus, Line, Quote, Assessment } from './answer.js';
export { isMfn } from './lines.js';
export { changePoints, plainClassPoints, valueAt, plainClass, findProduct } from './coverage.js';
export type { PlainClass } from './coverage.js';
export { assess, withOwnMfn } from './assess.js';
export { adValoremPlan, planCents, planAmountCents, planAmount, totals, price } from './pricing.js';
export type { AdValoremPlan } from './pricing.js';
export { quote } from './quote.js';
export { hasDatedLines } from './nomenclature.js';
