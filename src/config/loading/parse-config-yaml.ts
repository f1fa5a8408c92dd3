import { LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigIssue } from '@app/config/config.error';

export type ParseConfigYamlResult =
  { ok: true; document: Document.Parsed; lineCounter: LineCounter } | { ok: false; issues: ConfigIssue[] };

// Some parser messages quote the offending token, which may be a secret: keep only the description.
const describe = (message: string): string => message.replace(/:\s*["'`].*$/s, '');

/** Parses the YAML text; syntax errors become issues located as `file:line:column`. */
export const parseConfigYaml = (params: { text: string; path: string }): ParseConfigYamlResult => {
  const lineCounter = new LineCounter();
  const document = parseDocument(params.text, { lineCounter, prettyErrors: false });
  if (document.errors.length === 0) {
    return { ok: true, document, lineCounter };
  }
  const issues = document.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return { path: `${params.path}:${line}:${col}`, message: `invalid YAML: ${describe(error.message)}` };
  });
  return { ok: false, issues };
};
