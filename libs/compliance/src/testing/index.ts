// @app/compliance/testing: fixtures for tests only (never imported by an app).
export * from '../summaries/summary-fixtures';
