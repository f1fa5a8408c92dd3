let next = 0;

/** A number unique within the test process, so factory defaults never collide by accident. */
export function sequence(): number {
  next += 1;
  return next;
}
