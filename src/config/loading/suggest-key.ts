import { declaredKeys } from '@app/config/config-key-paths';
import type { DtoClass } from '@app/config/decorators/nested.decorator';
import type { ConfigPathSegment } from '@app/config/loading/config-path';

/** Levenshtein distance with adjacent transpositions (`Treshold`/`Threshold` is 1, `Tershold` too). */
export const editDistance = (a: string, b: string): number => {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
};

/**
 * The known key closest to a misspelt one, if it is close enough to be what was meant: case
 * ignored, at most one edit per three letters (so `port` never suggests `sort`-like strangers).
 */
export const closestKey = (unknown: string, known: readonly string[]): string | undefined => {
  const word = unknown.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(word, key.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) {
      best = { key, distance };
    }
  }
  return best?.key;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** What sits at `segments` inside the (possibly invalid) config DTO tree, if anything. */
export const valueAt = (root: unknown, segments: readonly ConfigPathSegment[]): unknown =>
  segments.reduce<unknown>((node, segment) => (isObject(node) ? node[segment] : undefined), root);

/** The keys the DTO at `parent` declares (the connector's own type for `connectors[N].auth`). */
export const knownKeysAt = (root: unknown, parent: readonly ConfigPathSegment[]): string[] => {
  const node = valueAt(root, parent);
  if (!isObject(node) || node.constructor === Object) {
    return [];
  }
  return declaredKeys(node.constructor as DtoClass);
};
