// @app/rules/testing: fixtures and generators for tests and benchmarks only (never imported by an app).
export * from './rules-fixture';
export * from './synthetic-cases';
export * from './case-arbitraries';
export * from './evaluate-steps';
// The waits casebook as events, for the e2e that checks the report SQL against it.
export { eventsOf } from '../casebook/worked-case';
export { WAIT_CASES } from '../casebook/waits.cases';
