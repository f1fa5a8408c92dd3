import { HttpException } from '@nestjs/common';

import { decodeCursor, encodeCursor, toPage } from '@app/admin/page-cursor';

/** The status and code a decoding answers with, or what else happened. */
const refusal = (decode: () => unknown): unknown => {
  try {
    return ['decoded', decode()];
  } catch (error) {
    return error instanceof HttpException
      ? [error.getStatus(), (error.getResponse() as { code?: string }).code]
      : error;
  }
};

describe('page cursors', () => {
  it('should give back the position when decoding a cursor of the same list', () => {
    expect(decodeCursor('runs', encodeCursor('runs', 42))).toBe(42);
    expect(decodeCursor('operators', encodeCursor('operators', 'anna ü/?'))).toBe('anna ü/?');
  });

  it.each([
    ['another list', encodeCursor('events', 42)],
    ['garbage', 'abc'],
    ['characters outside base64url', 'a+b/c=='],
    ['an empty string', ''],
    ['a huge text', 'A'.repeat(401)],
    ['a non-integer id', encodeCursor('runs', 1.5)],
    ['an id beyond the column', encodeCursor('runs', 2_147_483_648)],
    ['a zero id', encodeCursor('runs', 0)],
    ['a string id', Buffer.from('["runs","7"]').toString('base64url')],
    ['extra elements', Buffer.from('["runs",7,1]').toString('base64url')],
    ['not JSON', Buffer.from('runs:7').toString('base64url')],
  ])('should refuse with 400 INVALID_CURSOR when the cursor is %s', (_label, cursor) => {
    expect(refusal(() => decodeCursor('runs', cursor))).toEqual([400, 'INVALID_CURSOR']);
  });

  it('should refuse an operator cursor holding an empty or too long key', () => {
    expect(refusal(() => decodeCursor('operators', encodeCursor('operators', '')))).toEqual([
      400,
      'INVALID_CURSOR',
    ]);
    expect(refusal(() => decodeCursor('operators', encodeCursor('operators', 'k'.repeat(129))))).toEqual([
      400,
      'INVALID_CURSOR',
    ]);
  });

  it('should point the next cursor at the last item kept when one more row than the limit came back', () => {
    const page = toPage(
      [5, 4, 3],
      2,
      'runs',
      (id) => id,
      (id) => ({ id }),
    );

    expect(page.items).toEqual([{ id: 5 }, { id: 4 }]);
    expect(decodeCursor('runs', page.nextCursor!)).toBe(4);
  });

  it('should leave nextCursor out when the last page came back', () => {
    expect(
      toPage(
        [5, 4],
        2,
        'runs',
        (id) => id,
        (id) => id,
      ),
    ).toEqual({ items: [5, 4] });
    expect(
      toPage(
        [],
        2,
        'runs',
        (id) => id,
        (id) => id,
      ),
    ).toEqual({ items: [] });
  });
});
