import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

/** `${NAME}` and `${NAME:-default}` references of a YAML file, outside its comments. */
const referencedVariables = (text: string): string[] => {
  const code = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  return [...code.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:[-?][^}]*)?\}/g)].map((m) => m[1]);
};

describe('.env.example', () => {
  const listed = new Set(
    readFileSync(join(ROOT, '.env.example'), 'utf8')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );

  it.each(['config/bridge.example.yaml', 'docker-compose.yml'])(
    'should list every variable %s refers to',
    (file) => {
      const missing = referencedVariables(readFileSync(join(ROOT, file), 'utf8')).filter(
        (name) => !listed.has(name),
      );
      expect(missing).toEqual([]);
    },
  );
});
