// @app/rules/testing: fixtures and generators for tests and benchmarks only (never imported by an app).
export * from './rules-fixture';
export * from './synthetic-cases';
export * from './case-arbitraries';
export * from './evaluate-steps';
