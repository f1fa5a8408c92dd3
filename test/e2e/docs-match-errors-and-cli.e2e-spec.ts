import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { Command } from 'commander';

import { buildProgram } from '@app/cli';
import { API_ERROR_STATUS } from '@app/common/api-errors';

import { codeSpans, docPages, fencedLines, readme, section, tableRows } from './support/markdown-docs';

const SRC = resolve(__dirname, '../../src');

// The routes and metrics are checked against the running daemon in docs-match-code.e2e-spec.ts.
describe('README and docs/ against the code: error codes and CLI', () => {
  describe('error codes', () => {
    it('should list in the README error table every code the API answers, with its status, and no other', () => {
      const documented = tableRows(section(readme(), 'HTTP API'), 'status').flatMap(([status, codes]) =>
        [...codes.matchAll(/`([A-Z_]+)`/g)].map(([, code]) => `${status} ${code}`),
      );
      const answered = Object.entries(API_ERROR_STATUS).map(([code, status]) => `${status} ${code}`);

      expect(documented.sort()).toEqual(answered.sort());
    });

    it('should take every error code the sources spell out from the list', () => {
      // The simulators answer as the platforms do, and the CLI's --json codes are its own.
      const sources = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true, recursive: true })
          .filter((entry) => entry.isFile() && /(?<!\.spec)\.ts$/.test(entry.name))
          .map((entry) => join(entry.parentPath, entry.name))
          .filter((path) => !/\/src\/(simulator|cli)[/.]/.test(path));
      const spelled = sources(SRC).flatMap((path) =>
        [...readFileSync(path, 'utf8').matchAll(/\bcode:\s*'([A-Z][A-Z0-9_]*)'/g)].map(([, code]) => code),
      );

      expect(spelled.filter((code) => !(code in API_ERROR_STATUS))).toEqual([]);
    });
  });

  describe('CLI', () => {
    const program = buildProgram();
    const longFlags = (command: Command): string[] =>
      command.options.flatMap((option) => (option.long ? [option.long] : [])).sort();
    const cli = section(readme(), 'CLI');

    it('should list in the CLI table every command with every flag it takes, and no other', () => {
      // "Every command takes `--config PATH`": said once above the table.
      const everyCommand = [...cli.matchAll(/Every command takes `(--[a-z-]+)/g)].map(([, flag]) => flag);
      const documented = tableRows(cli, 'command').map(([cell]) => {
        const [, ...words] = cell.replace(/`/g, '').split(/\s+/);
        const name = words[0]?.startsWith('--') ? '(program)' : words[0];
        const flags = words.flatMap((word) => /--[a-z-]+/.exec(word) ?? []);
        return [name, (name === '(program)' ? flags : [...flags, ...everyCommand]).sort()];
      });
      const actual = [
        ['(program)', longFlags(program)],
        ...program.commands.map((command) => [command.name(), longFlags(command)]),
      ];

      expect(everyCommand).toEqual(['--config']);
      expect(documented.sort()).toEqual(actual.sort());
    });

    it('should use in README and docs/ only commands and flags the CLI has', () => {
      const flagsOf = new Map(program.commands.map((command) => [command.name(), longFlags(command)]));
      const uses = docPages().flatMap(({ file, text }) =>
        [...codeSpans(text), ...fencedLines(text)].flatMap((code) =>
          // An invocation: `chat-bridge plan …` or `npx chat-bridge plan …`, up to `&&`, `|`, `;` or `#`.
          [...code.matchAll(/(?:^|\bnpx\s+)chat-bridge((?:\s+(?:[a-z][a-z-]*|--)[^\s&|;#]*)+)/g)].map(
            ([use, args]) => {
              const [first, ...rest] = args.trim().split(/\s+/);
              return {
                file,
                use,
                command: first.startsWith('--') ? '(program)' : first,
                args: [first, ...rest],
              };
            },
          ),
        ),
      );
      const wrong = uses.filter(({ command, args }) => {
        const flags = command === '(program)' ? longFlags(program) : flagsOf.get(command);
        return !flags || args.some((arg) => arg.startsWith('--') && !flags.includes(arg.replace(/=.*/, '')));
      });

      expect(uses.length).toBeGreaterThan(10);
      expect(wrong).toEqual([]);
    });
  });
});
