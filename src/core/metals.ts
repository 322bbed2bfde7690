/** The metals a Section 232 duty can be charged on by content (--content METAL=PCT). Kept apart from schema.ts so the run-time path does not load zod. */
export const METALS = ['steel', 'aluminum', 'copper'] as const;
