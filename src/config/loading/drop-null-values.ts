const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A key written with no value (`adminToken:`) means "not set", so it gets its default instead of
 * failing as null. List items are kept: a null there is a mistake worth reporting.
 */
export const dropNullValues = (value: unknown): unknown => {
  if (Array.isArray(value)) {
    return value.map(dropNullValues);
  }
  if (!isMapping(value)) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, dropNullValues(item)]),
  );
};
