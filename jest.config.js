// Five tiers, one command (`npm test`). Unit specs sit next to the code; the other tiers live in test/.
const base = {
  // tsconfig's isolatedModules makes ts-jest transpile only (fast); `npm run lint` type-checks.
  transform: { '^.+\\.ts$': 'ts-jest' },
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/src/$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  // e2e tests start the daemon as a child process; the rest finish far below this.
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'contract', testMatch: ['<rootDir>/test/contract/**/*.contract-spec.ts'] },
    {
      ...base,
      displayName: 'medium',
      testMatch: ['<rootDir>/test/medium/**/*.medium-spec.ts'],
      globalSetup: '<rootDir>/test/medium/postgres.global-setup.ts',
      globalTeardown: '<rootDir>/test/medium/postgres.global-teardown.ts',
    },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    // Property-based fuzzing of the built daemon over HTTP, on SQLite and on the medium tier's PostgreSQL.
    {
      ...base,
      displayName: 'fuzz',
      testMatch: ['<rootDir>/test/fuzz/**/*.fuzz-spec.ts'],
      globalSetup: '<rootDir>/test/medium/postgres.global-setup.ts',
      globalTeardown: '<rootDir>/test/medium/postgres.global-teardown.ts',
    },
  ],
};
