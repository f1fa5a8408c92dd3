/** The connector fields every adapter spec sets the same way: fast, unthrottled, no deletes. */
export const TEST_CONNECTOR_BASE = {
  enabled: true,
  timeoutMs: 2000,
  schedule: { kind: 'interval', ms: 60_000, text: '1m' },
  rateLimit: 1000,
  allowDeletes: false,
} as const;
