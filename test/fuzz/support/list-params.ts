import fc from 'fast-check';

import { hostileString, longString } from './hostile-values';

/**
 * List parameters (cursors, times, booleans, enums, search), valid most of the time (a page of real results, the next page, a time
 * range) so the paths behind validation run too, and now and then hostile: cursors of another list,
 * of an id beyond the column, not base64url; times beyond year 9999 or not times at all.
 */
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const cursorFor = (kind: 'runs' | 'events' | 'operators') =>
  fc.oneof(
    {
      arbitrary:
        kind === 'operators'
          ? fc.constantFrom('anna', 'john', 'op-1', 'zzz').map((key) => b64([kind, key]))
          : fc.integer({ min: 1, max: 2147483647 }).map((id) => b64([kind, id])),
      weight: 4,
    },
    {
      arbitrary: fc.constantFrom(
        b64(['runs', 1]),
        b64(['events', 1]),
        b64(['operators', 'anna']),
        b64(['runs', 2147483648]),
        b64(['operators', 'x'.repeat(129)]),
        b64(['runs']),
        b64({ runs: 1 }),
        b64(['__proto__', 1]),
        '',
      ),
      weight: 1,
    },
    { arbitrary: fc.oneof(hostileString, longString), weight: 1 },
  );
export const timeValue = fc.oneof(
  {
    arbitrary: fc
      .date({
        min: new Date('1970-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString()),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom(
      '2026-01-01',
      '2026-01-01T00:00:00+02:00',
      '+275760-09-13T00:00:00Z',
      '0000-01-01',
      '1969-12-31T23:59:59Z',
      '2026-13-45',
      'now',
    ),
    weight: 1,
  },
  { arbitrary: hostileString, weight: 1 },
);
export const booleanText = fc.oneof(
  { arbitrary: fc.constantFrom('true', 'false'), weight: 4 },
  { arbitrary: fc.oneof(fc.constantFrom('TRUE', '1', ''), hostileString), weight: 1 },
);
export const enumText = (...values: string[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 6 }, { arbitrary: hostileString, weight: 1 });
export const searchText = fc.oneof(
  fc.constantFrom('a', 'Operator', 'example.com', 'anna', '%', '_', '\\', "'", '"', 'a%00b', '\u0000'),
  hostileString,
  longString,
);
