import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_KEY_PATHS, configKeyPaths } from '@app/config/config-key-paths';

const EXAMPLE = readFileSync(join(__dirname, '../../config/bridge.example.yaml'), 'utf8');

// Leaf key paths of a parsed YAML value, lists written as `[]` (the notation of CONFIG_KEY_PATHS).
const leafPaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) {
    return value.every((item) => typeof item === 'object' && item !== null)
      ? value.flatMap((item) => leafPaths(item, `${prefix}[]`))
      : [prefix];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => leafPaths(item, prefix ? `${prefix}.${key}` : key));
  }
  return [prefix];
};

describe(configKeyPaths.name, () => {
  it('should list nested and per-type keys when derived from the DTOs', () => {
    expect(CONFIG_KEY_PATHS).toEqual(
      expect.arrayContaining([
        'server.port',
        'server.bodyLimit',
        'server.shutdownGraceMs',
        'database.url',
        'directory.deletionThreshold',
        'directory.roster[].email',
        'availability.propagate',
        'connectors[].timeoutMs',
        'connectors[].webhook.insecure',
        'connectors[].auth.companyToken',
        'connectors[].auth.login',
        'connectors[].options.organizationId',
        'connectors[].options.evolution.enforce',
        'connectors[].options.assignment.agentGroupId',
      ]),
    );
    expect(new Set(CONFIG_KEY_PATHS).size).toBe(CONFIG_KEY_PATHS.length);
    expect(CONFIG_KEY_PATHS).not.toContain('connectors[].auth');
  });

  it('should match the keys of the example file when every key is documented there', () => {
    const written = new Set(leafPaths(parse(EXAMPLE)));
    // The example can use one ChatHub auth form only; the other is shown commented out.
    const commentedOut = CONFIG_KEY_PATHS.filter((path) => !written.has(path));

    expect([...written].filter((path) => !CONFIG_KEY_PATHS.includes(path))).toEqual([]);
    expect(commentedOut).toEqual(['connectors[].auth.login', 'connectors[].auth.password']);
    for (const path of commentedOut) {
      expect(EXAMPLE).toMatch(new RegExp(`# ${path.split('.').pop()}: `));
    }
  });
});
