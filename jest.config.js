// One Jest run for unit specs (beside the code) and end-to-end specs (test/), all transpiled by
// SWC with decorator metadata. The global setup gives every run its own freshly migrated database.
const { paths } = require('./tsconfig.json').compilerOptions;

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(paths)) {
  const from = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[from] = '<rootDir>/' + target.replace('./', '').replace('/*', '/$1');
}

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.(ts|js|mjs)$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper,
  // NestJS 12 ships ES modules only. Node runs them through require(esm), but Jest's module
  // system cannot before Node 24.9, so SWC compiles those packages to CommonJS for the tests.
  // openid-client and its two dependencies are ES modules only too.
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|openid-client|oauth4webapi|jose)/)'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
