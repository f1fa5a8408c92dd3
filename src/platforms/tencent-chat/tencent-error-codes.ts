import { excerpt, PlatformError, PlatformErrorCode } from '@app/core/platform-error';

/** What the client does with a code: back off and retry, re-sign once and retry, or give up. */
export type TencentErrorHandling = 'backoff' | 'resign' | 'fail';

export interface TencentErrorEntry {
  meaning: string;
  code: PlatformErrorCode;
  handling: TencentErrorHandling;
  retryAfterMs?: number;
}

// (and the Desk codes of), kept as data: one row per group of codes.
const GROUPS: Array<[number[], TencentErrorEntry]> = [
  [
    [60007, 60011, 60018, 60019, 141009],
    { meaning: 'rate limited', code: PlatformErrorCode.RATE_LIMITED, handling: 'backoff' },
  ],
  [
    [60008, 70169, 70202, 70500, 90992, 90994, 90995, 91000, 141002],
    { meaning: 'timeout or internal error', code: PlatformErrorCode.TEMPORARY, handling: 'backoff' },
  ],
  [[70001], { meaning: 'UserSig expired', code: PlatformErrorCode.AUTH_FAILED, handling: 'resign' }],
  [
    [60004, 60005, 70002, 70003, 70005, 70009, 70013, 70014, 70016, 70020],
    {
      meaning: 'bad UserSig, wrong secret key or SDKAppID, or identifier mismatch',
      code: PlatformErrorCode.AUTH_FAILED,
      handling: 'fail',
    },
  ],
  [
    [60010, 70403, 40004, 90009],
    { meaning: 'the identifier is not an app admin', code: PlatformErrorCode.AUTH_FAILED, handling: 'fail' },
  ],
  // Waiting a minute inside one call would stall the run: fail now, let the run back off.
  [
    [70050],
    {
      meaning: 'too many failed UserSig checks',
      code: PlatformErrorCode.RATE_LIMITED,
      handling: 'fail',
      retryAfterMs: 60_000,
    },
  ],
  [[70107, 40003], { meaning: 'user does not exist', code: PlatformErrorCode.NOT_FOUND, handling: 'fail' }],
  [[70398], { meaning: 'account quota reached', code: PlatformErrorCode.REJECTED, handling: 'fail' }],
  [
    [70402, 40001, 40601, 40605, 40610, 141004, 90001, 90011],
    { meaning: 'bad request', code: PlatformErrorCode.REJECTED, handling: 'fail' },
  ],
  [
    [71000],
    {
      meaning: 'delete not allowed on Pro or Flagship apps',
      code: PlatformErrorCode.REJECTED,
      handling: 'fail',
    },
  ],
  [[141000], { meaning: 'not a Desk app', code: PlatformErrorCode.CONFIG, handling: 'fail' }],
  [[141010], { meaning: 'Desk agent does not exist', code: PlatformErrorCode.NOT_FOUND, handling: 'fail' }],
];

export const TENCENT_ERROR_CODES: ReadonlyMap<number, TencentErrorEntry> = new Map(
  GROUPS.flatMap(([codes, entry]) => codes.map((code): [number, TencentErrorEntry] => [code, entry])),
);

/** The code delete uses on paid apps; the adapter falls back to the deactivation path on it. */
export const DELETE_NOT_ALLOWED = 71000;
/** Desk's "agent account does not exist". */
export const DESK_AGENT_NOT_FOUND = 141010;
export const USER_NOT_FOUND_CODES: readonly number[] = [70107, 40003];

// A code missing from the table is refused, not retried: the run reports it and tries next time.
const UNKNOWN: TencentErrorEntry = {
  meaning: 'unknown error',
  code: PlatformErrorCode.REJECTED,
  handling: 'fail',
};

export const tencentErrorEntry = (errorCode: number): TencentErrorEntry =>
  TENCENT_ERROR_CODES.get(errorCode) ?? UNKNOWN;

export interface TencentFailure {
  errorCode: number;
  errorInfo?: string;
  connectorId: string;
  /** Route template or a description of the item, never the concrete URL (it carries the sig). */
  route: string;
}

export const toTencentError = ({
  errorCode,
  errorInfo,
  connectorId,
  route,
}: TencentFailure): PlatformError => {
  const entry = tencentErrorEntry(errorCode);
  const info = errorInfo ? `: ${excerpt(errorInfo)}` : '';
  return new PlatformError({
    code: entry.code,
    connectorId,
    platformCode: errorCode,
    retryAfterMs: entry.retryAfterMs,
    message: `${route} failed with Tencent error ${errorCode} (${entry.meaning})${info}`,
  });
};
