import { jsonDepth } from '@app/common/json-depth-limit';

const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) {
    value = i % 2 === 0 ? [value] : { a: value };
  }
  return value;
};

describe(jsonDepth.name, () => {
  it.each([
    [1, 0],
    [{}, 1],
    [{ a: [1, { b: 2 }] }, 3],
  ])('should measure %j as %i deep', (value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('should measure 100,000 levels without overflowing the stack', () => {
    expect(jsonDepth(nested(100_000))).toBe(100_000);
  });
});
