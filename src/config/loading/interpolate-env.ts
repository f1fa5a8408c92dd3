import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, Scalar, type Document } from 'yaml';
import type { ConfigIssue } from '@app/config/config.error';
import { formatConfigPath, type ConfigPathSegment } from '@app/config/loading/config-path';

// `$${` is an escaped literal `${`; `${...}` a reference; a lone `${` an unclosed one.
const TOKEN = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;
const WHOLE_REFERENCE = /^\$\{[^}]*\}$/;

type Expansion = { ok: true; value: string } | { ok: false; message: string };

const readSecretFile = (name: string, file: string): Expansion => {
  try {
    // Files written by editors and `echo` end with a newline that is not part of the secret.
    return { ok: true, value: readFileSync(file, 'utf8').replace(/\r?\n$/, '') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return { ok: false, message: `cannot read the file named by ${name}_FILE (${code})` };
  }
};

/** Shell semantics: `${NAME:-default}` also applies the default when NAME is set but empty. */
const resolve = (body: string, env: NodeJS.ProcessEnv): Expansion => {
  const reference = REFERENCE.exec(body);
  if (!reference) {
    return { ok: false, message: 'contains an invalid reference: use ${NAME} or ${NAME:-default}' };
  }
  const [, name, fallback] = reference;
  const value = env[name];
  if (value !== undefined && (value !== '' || fallback === undefined)) {
    return { ok: true, value };
  }
  const file = env[`${name}_FILE`];
  if (value === undefined && file) {
    return readSecretFile(name, file);
  }
  if (fallback !== undefined) {
    return { ok: true, value: fallback };
  }
  return { ok: false, message: `environment variable ${name} is not set` };
};

const expand = (text: string, env: NodeJS.ProcessEnv): { value: string; messages: string[] } => {
  const messages: string[] = [];
  const value = text.replace(TOKEN, (token, body: string | undefined) => {
    if (token === '$${') {
      return '${';
    }
    if (body === undefined) {
      messages.push('contains an unclosed ${');
      return token;
    }
    const result = resolve(body, env);
    if (!result.ok) {
      messages.push(result.message);
      return '';
    }
    return result.value;
  });
  return { value, messages };
};

// An unquoted `port: ${PORT}` should behave as if the number had been written there.
const coerce = (value: string): string | number | boolean => {
  if (/^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  return value === 'true' || value === 'false' ? value === 'true' : value;
};

/**
 * Replaces `${NAME}`, `${NAME:-default}` (and `NAME_FILE`) in the parsed document's string values,
 * in place. Works on scalars, not raw text, so a value can never inject YAML structure. Returns an
 * issue per failed reference, at the YAML path that uses it; the value there becomes null. Each
 * path that held a reference is recorded in `references` with its text (`${CHATWOOT_TOKEN}`), so
 * messages can name the variable to fix without showing its value.
 */
export const interpolateEnv = (
  document: Document,
  env: NodeJS.ProcessEnv,
  references: Map<string, string> = new Map<string, string>(),
): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const visit = (node: unknown, path: ConfigPathSegment[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        visit(pair.value, [...path, String(isScalar(pair.key) ? pair.key.value : pair.key)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('${')) {
      const source = node.value;
      references.set(formatConfigPath(path), source);
      const { value, messages } = expand(source, env);
      issues.push(...messages.map((message) => ({ path: formatConfigPath(path), message })));
      const plainReference = node.type === Scalar.PLAIN && WHOLE_REFERENCE.test(source);
      node.value = messages.length > 0 ? null : plainReference ? coerce(value) : value;
    }
  };
  visit(document.contents, []);
  return issues;
};
