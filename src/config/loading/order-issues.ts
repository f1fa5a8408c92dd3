import { isNode, type Document } from 'yaml';
import type { ConfigIssue } from '@app/config/config.error';

// `connectors[2].options.organizationId` → ['connectors', 2, 'options', 'organizationId'].
const segmentsOf = (path: string): Array<string | number> =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) =>
    index === undefined ? key : Number(index),
  );

// Where the key sits in the file; a key that is absent sorts at its nearest present ancestor.
const offsetOf = (document: Document, path: string): number => {
  const segments = segmentsOf(path);
  while (segments.length > 0) {
    const node: unknown = document.getIn(segments, true);
    if (isNode(node) && node.range) {
      return node.range[0];
    }
    segments.pop();
  }
  return 0;
};

/** Sorts issues into the order of the keys in the file, so the list reads top to bottom. */
export const orderIssues = (issues: ConfigIssue[], document: Document): ConfigIssue[] =>
  issues
    .map((issue, index) => ({ issue, index, offset: offsetOf(document, issue.path) }))
    .sort((a, b) => a.offset - b.offset || a.index - b.index)
    .map(({ issue }) => issue);
