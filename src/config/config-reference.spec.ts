import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CONFIG_KEY_PATHS } from '@app/config/config-key-paths';

/** The keys the README's configuration reference table documents, in its order. */
const documentedKeys = (): string[] => {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  // The table runs until the next heading (the environment variables have their own).
  const section = readme.split('## Configuration reference')[1]?.split(/\n#{2,3} /)[0] ?? '';
  return section
    .split('\n')
    .map((line) => /^\|\s*`([^`]+)`\s*\|/.exec(line)?.[1])
    .filter((key): key is string => key !== undefined);
};

describe('README configuration reference', () => {
  it('should document every key the validation DTOs accept, and no key they do not', () => {
    const documented = documentedKeys();
    expect(documented.length).toBeGreaterThan(0);
    expect([...documented].sort()).toEqual([...CONFIG_KEY_PATHS].sort());
  });

  it('should document each key once', () => {
    const documented = documentedKeys();
    expect(documented.filter((key, i) => documented.indexOf(key) !== i)).toEqual([]);
  });
});
