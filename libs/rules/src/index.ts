// @app/rules: pure functions from case timelines to milestones, waits and measures. No I/O.
export * from './contract';
export * from './dates';
export * from './table';
export * from './evaluate';
export * from './measures';
export * from './forecast';
export * from './returns';
