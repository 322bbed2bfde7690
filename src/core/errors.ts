/** A question the engine cannot answer (bad input, out of range): the CLI prints the message and exits 2. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'QueryError';
  }
}

/** A code that is not a line of the nomenclature on the entry date, though it is on other dates (renumbered, or not yet made). */
export class NotInForceError extends QueryError {
  constructor(message: string) {
    super(message);
    this.name = 'NotInForceError';
  }
}
