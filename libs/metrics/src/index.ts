export * from './metrics';
export * from './metrics-token';
export * from './metrics.module';
export * from './http-metrics.middleware';
