import { parseSchedule } from '@app/config/parsers/schedule.parser';

describe(parseSchedule.name, () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['5000ms', 5_000],
  ])('should parse an interval when the value is the duration %s', (text, ms) => {
    expect(parseSchedule(text)).toEqual({ ok: true, value: { kind: 'interval', ms, text } });
  });

  it.each(['*/5 * * * *', '0 0 * * 1-5', '*/30 * * * * *'])(
    'should accept a cron expression when it is %s',
    (expression) => {
      expect(parseSchedule(expression)).toEqual({ ok: true, value: { kind: 'cron', expression } });
    },
  );

  it.each([
    ['1s', 'must be at least 5s'],
    ['4999ms', 'must be at least 5s'],
    ['30d', 'must be at most 24d (use a cron expression for longer periods)'],
    ['300', 'needs a unit: ms, s, m, h or d (for example 30s or 5m)'],
    ['5 minutes', 'is neither a duration (30s, 5m, 1h) nor a valid cron expression'],
    ['61 * * * *', 'is neither a duration (30s, 5m, 1h) nor a valid cron expression'],
    [300, 'must be a duration such as 30s, 5m or 1h, or a cron expression'],
    [undefined, 'is required'],
  ])('should reject the value when it is %p', (raw, message) => {
    expect(parseSchedule(raw)).toEqual({ ok: false, message });
  });
});
