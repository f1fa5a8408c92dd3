// Seven tiers, one command (`npm test`). Unit specs sit next to the code; the other tiers live in test/.
const { existsSync } = require('node:fs');
const path = require('node:path');

// The peer tier runs against a real LiveHelperChat that ../shared/peers/livehelperchat starts (see
// test/peer/support/lhc-peer.ts, which looks in the same places: LHC_PEER_DIR alone when set). A
// clone without it runs the other tiers and says so; under CI (CI=1, as .ci/run sets it) the tier
// always runs, and fails without the peer.
const peerDir = (
  process.env.LHC_PEER_DIR
    ? [process.env.LHC_PEER_DIR]
    : [path.join(__dirname, '../shared/peers/livehelperchat'), '/work/shared/peers/livehelperchat']
).find((dir) => existsSync(path.join(dir, 'up.sh')));
const runPeer = peerDir !== undefined || Boolean(process.env.CI);
if (!runPeer) {
  process.stderr.write(
    'chat-bridge: the peer tier (test/peer, a real LiveHelperChat) was NOT run: ../shared/peers/livehelperchat is not here (set LHC_PEER_DIR to its folder)\n',
  );
}

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
    // The console in headless Debian chromium (playwright-core); installs chromium when missing (root + apt-get).
    {
      ...base,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/browser/chromium.global-setup.ts',
    },
    // The real LiveHelperChat (PHP + MariaDB on loopback, started once by up.sh); files one at a time.
    {
      ...base,
      displayName: 'peer',
      testMatch: ['<rootDir>/test/peer/**/*.peer-spec.ts'],
      // Without the peer: an empty test list, so nothing of this tier (setup included) runs.
      testPathIgnorePatterns: runPeer ? ['/node_modules/'] : ['<rootDir>/test/peer/'],
      runner: '<rootDir>/test/peer/serial-runner.ts',
      globalSetup: '<rootDir>/test/peer/lhc-peer.global-setup.ts',
      globalTeardown: '<rootDir>/test/peer/lhc-peer.global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/peer/support/peer-test-setup.ts'],
    },
  ],
};
