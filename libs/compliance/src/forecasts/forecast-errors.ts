/** A forecast query that cannot be answered as asked (a past deadline, a change making capacity negative): 422 naming the field. */
export class ForecastInputError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'ForecastInputError';
  }
}
