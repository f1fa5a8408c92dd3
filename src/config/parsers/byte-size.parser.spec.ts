import { parseByteSize } from '@app/config/parsers/byte-size.parser';

describe(parseByteSize.name, () => {
  it.each([
    [2048, 2048],
    ['512kb', 512 * 1024],
    ['1mb', 1024 * 1024],
    ['1.5MB', 1.5 * 1024 * 1024],
    ['100', 100],
  ])('should return bytes when the value is %p', (raw, bytes) => {
    expect(parseByteSize(raw)).toEqual({ ok: true, value: bytes });
  });

  it.each([0, -1, 1.5, '1 megabyte', '', 'kb'])('should reject the size when the value is %p', (raw) => {
    expect(parseByteSize(raw)).toEqual({
      ok: false,
      message: 'must be a number of bytes or a size such as 512kb or 1mb',
    });
  });
});
