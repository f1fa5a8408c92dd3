export type ConfigPathSegment = string | number;

/** `['connectors', 2, 'options', 'organizationId']` → `connectors[2].options.organizationId`. */
export const formatConfigPath = (segments: readonly ConfigPathSegment[]): string =>
  segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') {
      return `${path}[${segment}]`;
    }
    return path === '' ? segment : `${path}.${segment}`;
  }, '');

/** `connectors[2].options.organizationId` → `['connectors', 2, 'options', 'organizationId']`. */
export const parseConfigPath = (path: string): ConfigPathSegment[] =>
  [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) =>
    index === undefined ? key : Number(index),
  );
