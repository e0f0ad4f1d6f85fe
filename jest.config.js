// Three test tiers, visible in file names: *.spec.ts (unit, no I/O), *.int-spec.ts (real Kafka and PostgreSQL),
// *.e2e-spec.ts (the running system through its public HTTP and Kafka contracts).
// NestJS 12 ships ESM only; Jest's module loader needs those packages transformed to CommonJS (shared/pitfalls).
const { readFileSync } = require('node:fs');

const tsconfig = JSON.parse(readFileSync(`${__dirname}/tsconfig.json`, 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    `<rootDir>/${target.replace(/^\.\//, '')}`,
  ]),
);

const swc = [
  '@swc/jest',
  {
    module: { type: 'commonjs' },
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
  },
];

const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: { '^.+\\.(t|j|mj|cj)s$': swc },
  transformIgnorePatterns: [
    // @opentelemetry: its OTLP exporter loads node:http with import(), which Jest's CommonJS sandbox cannot run.
    '/node_modules/(?!(@nestjs|@opentelemetry|file-type|uid|load-esm|strtok3|token-types|@tokenizer|cookie)/)',
  ],
  moduleNameMapper,
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      // testTimeout is a global option; per tier it has to be set from a setup file.
      setupFilesAfterEnv: ['<rootDir>/test/support/integration-timeout.setup.ts'],
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/infrastructure.global-setup.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-timeout.setup.ts'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/e2e.global-setup.ts',
    },
  ],
};
