import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

export interface DocPage {
  file: string;
  text: string;
}

/** README.md and every page of docs/, as the user reads them. */
export const docPages = (): DocPage[] =>
  [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ].map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

export const readme = (): string => readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * The body of the heading `title` (any level), up to the next heading of any level: a section's
 * subsections are sections of their own.
 */
export const section = (markdown: string, title: string): string => {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => /^#{1,6} /.test(line) && line.replace(/^#+ /, '') === title);
  if (start < 0) {
    throw new Error(`no heading "${title}"`);
  }
  const end = lines.findIndex((line, i) => i > start && /^#{1,6} /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
};

/** The rows (cells, trimmed) of the table in `text` whose first header cell is `firstHeader`. */
export const tableRows = (text: string, firstHeader: string): string[][] => {
  const lines = text.split('\n');
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
  const header = lines.findIndex((line) => line.startsWith('|') && cells(line)[0] === firstHeader);
  if (header < 0) {
    throw new Error(`no table headed "${firstHeader}"`);
  }
  const rows: string[][] = [];
  // The header, then its separator row, then the rows until the first line that is not a row.
  for (let i = header + 2; i < lines.length && lines[i].startsWith('|'); i++) {
    rows.push(cells(lines[i]));
  }
  return rows;
};

/** The inline code spans of a text: what is between single backticks. */
export const codeSpans = (text: string): string[] =>
  [...text.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The lines of the fenced code blocks of a text. */
export const fencedLines = (text: string): string[] =>
  [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n'));
