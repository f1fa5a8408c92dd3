import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ConfigIssue } from '@app/config/config.error';
import type { SecretRedactor } from '@app/config/secret-redactor';
import { secretFields } from '@app/config/decorators/secret.decorator';
import { parseConfigPath, type ConfigPathSegment } from '@app/config/loading/config-path';
import { valueAt } from '@app/config/loading/suggest-key';
import { UNKNOWN_KEY } from '@app/config/loading/validation-issues';

export interface LocateIssuesParams {
  document: Document;
  lineCounter: LineCounter;
  /** The validated (or half-validated) DTO tree: knows which keys are secret. */
  config: unknown;
  /** YAML path → the text written there before `${NAME}` references were replaced. */
  references: ReadonlyMap<string, string>;
  /** Knows the secrets of the config, even a half-valid one. */
  redactor: SecretRedactor;
}

// Keys whose values are never quoted even when the DTO cannot tell (an unknown or mistyped key).
const SECRET_LOOKING_KEY = /passw(or)?d|token|secret|api[-_]?key|authorization/i;
const MAX_VALUE_LENGTH = 80;

interface Found {
  /** Start offset of the key (or the item) in the text; undefined when even the first key is absent. */
  offset?: number;
  /** The value node, when the whole path is present. */
  node?: Node;
}

// The deepest part of the path present in the file; a missing key is located at its parent.
const find = (document: Document, segments: readonly ConfigPathSegment[]): Found => {
  let node: unknown = document.contents;
  let found: Found = {};
  for (const [depth, segment] of segments.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) {
        return found;
      }
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      node = pair.value;
      found = { offset: keyRange?.[0] ?? found.offset };
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      found = { offset: (node as Node | null)?.range?.[0] ?? found.offset };
    } else {
      return found;
    }
    if (depth === segments.length - 1 && node) {
      found.node = node as Node;
    }
  }
  return found;
};

const isSecret = (config: unknown, segments: readonly ConfigPathSegment[]): boolean => {
  const key = segments.at(-1);
  const parent = valueAt(config, segments.slice(0, -1));
  const declared = typeof parent === 'object' && parent !== null && secretFields(parent).has(String(key));
  return declared || SECRET_LOOKING_KEY.test(String(key));
};

const quote = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
};

// A value from the environment is shown only as its reference (`${CHATWOOT_TOKEN}`): the same
// variable may feed a secret elsewhere. Secret keys written inline are not shown at all, and
// nothing shown may contain another key's secret.
const shownValue = (
  issue: ConfigIssue,
  found: Found,
  segments: readonly ConfigPathSegment[],
  params: LocateIssuesParams,
): string | undefined => {
  if (issue.message.startsWith(UNKNOWN_KEY) || !isScalar(found.node) || found.node.value === null) {
    return undefined;
  }
  const reference = params.references.get(issue.path);
  if (reference !== undefined) {
    return JSON.stringify(reference);
  }
  if (isSecret(params.config, segments)) {
    return undefined;
  }
  const written = quote(found.node.value);
  return params.redactor.redact(written) === written ? written : undefined;
};

// `connectors[1]` reads better as `connectors[chatwoot]`; without a unique id the index stays.
export const namedConnectorPath = (path: string, config: unknown): string => {
  const match = /^connectors\[(\d+)\]/.exec(path);
  const connectors = valueAt(config, ['connectors']);
  if (!match || !Array.isArray(connectors)) {
    return path;
  }
  const ids = connectors.map((connector: unknown) => valueAt(connector, ['id']));
  const id = ids[Number(match[1])];
  const usable =
    typeof id === 'string' && /^[a-z0-9][a-z0-9._-]*$/.test(id) && ids.indexOf(id) === ids.lastIndexOf(id);
  return usable ? `connectors[${id}]${path.slice(match[0].length)}` : path;
};

/**
 * Gives every issue its line:column and offending value, names connectors by id, and sorts the
 * list into the order of the keys in the file so it reads top to bottom.
 */
export const locateIssues = (issues: ConfigIssue[], params: LocateIssuesParams): ConfigIssue[] =>
  issues
    .map((issue, index) => {
      const segments = parseConfigPath(issue.path);
      const found = find(params.document, segments);
      const position = found.offset === undefined ? undefined : params.lineCounter.linePos(found.offset);
      const value = shownValue(issue, found, segments, params);
      const located: ConfigIssue = {
        ...issue,
        path: namedConnectorPath(issue.path, params.config),
        ...(position ? { line: position.line, column: position.col } : {}),
        ...(value === undefined ? {} : { value }),
      };
      return { located, index, offset: found.offset ?? 0 };
    })
    .sort((a, b) => a.offset - b.offset || a.index - b.index)
    .map(({ located }) => located);
