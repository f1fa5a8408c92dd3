const POLL_MS = 100;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers something other than undefined; undefined after `timeoutMs`. */
export const waitUntil = async <T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined || Date.now() > deadline) {
      return value;
    }
    await sleep(POLL_MS);
  }
};
