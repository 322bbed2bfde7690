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
