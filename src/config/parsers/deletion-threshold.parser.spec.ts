import { parseDeletionThreshold } from '@app/config/parsers/deletion-threshold.parser';

describe(parseDeletionThreshold.name, () => {
  it.each([
    ['20%', { kind: 'percent', value: 20 }],
    ['100%', { kind: 'percent', value: 100 }],
    ['12.5%', { kind: 'percent', value: 12.5 }],
    [5, { kind: 'count', value: 5 }],
    [0, { kind: 'count', value: 0 }],
    ['7', { kind: 'count', value: 7 }],
  ])('should parse the threshold when the value is %p', (raw, value) => {
    expect(parseDeletionThreshold(raw)).toEqual({ ok: true, value });
  });

  it.each(['0%', '101%', '-5%', -1, 2.5, 'ten', true])(
    'should reject the threshold when the value is %p',
    (raw) => {
      expect(parseDeletionThreshold(raw)).toEqual({
        ok: false,
        message: 'must be a percentage such as 20% (above 0%, at most 100%) or a whole number of operators',
      });
    },
  );
});
