/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  setupFiles: ['<rootDir>/test/support/jest-env.ts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // Each file starts its own servers on ephemeral ports, so files can run in parallel.
  maxWorkers: 2,
  testTimeout: 30000,
};
