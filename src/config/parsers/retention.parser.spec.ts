import { parseRetention } from '@app/config/parsers/retention.parser';

describe(parseRetention.name, () => {
  it.each([
    ['30d', 30 * 86_400_000],
    ['12h', 12 * 3_600_000],
    ['90m', 90 * 60_000],
    [' 1h ', 3_600_000],
    ['3650d', 3650 * 86_400_000],
  ])('should read %p as %p ms', (raw, ms) => {
    expect(parseRetention(raw)).toEqual({ ok: true, value: { ms, text: raw.trim() } });
  });

  it.each(['', '30', '30s', '59m', '3651d', '-1d', '1.5d', 30, null, '30 d'])(
    'should refuse %p with a message that does not echo it',
    (raw) => {
      const result = parseRetention(raw);
      expect(result).toEqual({ ok: false, message: expect.stringContaining('duration') });
    },
  );

  it('should say it is required when the value is missing', () => {
    expect(parseRetention(undefined)).toEqual({ ok: false, message: 'is required' });
  });
});
