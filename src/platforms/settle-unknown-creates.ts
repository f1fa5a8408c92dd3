import { setTimeout as delay } from 'node:timers/promises';

import type { CreateOperatorsResult, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import { GATEWAY_STATUSES } from '@app/platforms/http/to-platform-error';
import { PlatformError, PlatformErrorCode, asPlatformError } from '@app/core/platform-error';

/** Injectable so unit tests settle without real waiting. */
export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = async (ms) => {
  await delay(ms);
};

/** A create that was sent and whose outcome no answer told (`error.outcomeUnknown`). */
export interface UnclearCreate {
  key: string;
  error: PlatformError;
}

/** What one read-back found, by operator key; a key in neither map is not on the platform (yet). */
export interface ReadBack {
  found: Map<string, RemoteOperator>;
  /** Keys the read settles as failures, e.g. a ChatHub name that now matches several operators. */
  failed?: Map<string, PlatformError>;
}

export interface SettleUnknownCreatesParams {
  unclear: UnclearCreate[];
  /** Reads the platform by its natural key; only ever asked for keys still unsettled. */
  read: (keys: string[]) => Promise<ReadBack>;
  /** The connector's request timeout (`timeoutMs`): how long a request may still be on its way. */
  timeoutMs: number;
  sleep?: Sleep;
  /** Reads at most (default 3). */
  reads?: number;
}

export const DEFAULT_SETTLE_READS = 3;

/** Time the platform gets, after our timeout, to finish a request it is still working on. */
export const settleGraceMs = (timeoutMs: number): number => Math.max(1000, Math.ceil(timeoutMs / 2));

/**
 * The wait before each read while a request may still land: the request timeout plus the grace
 * before the first, then twice and four times the grace (2 s timeout: 3 s, 2 s, 4 s).
 */
export const settleWaitsMs = (timeoutMs: number, reads = DEFAULT_SETTLE_READS): number[] => {
  const grace = settleGraceMs(timeoutMs);
  return Array.from({ length: reads }, (_, i) => (i === 0 ? timeoutMs + grace : grace * 2 ** i));
};

/**
 * Sent and unanswered (timeout, dropped connection) or answered by a gateway (502/504) while the
 * platform may still be working on it. A platform's own 500 is over: one read settles it.
 */
export const mayStillLand = (error: PlatformError): boolean =>
  error.status === undefined || GATEWAY_STATUSES.has(error.status);

/**
 * Settles creates whose outcome is unknown by reading the platform back, never by sending them
 * again: a create that may still be in flight would land twice. While one may still land, it
 * waits the request timeout plus a grace, reads, and reads again after growing waits; found →
 * `created`; still missing after the last read → `unknown`. Creates the platform answered (500)
 * are read once at once; missing → `failed` (nothing is in flight, a later run may create them).
 */
export const settleUnknownCreates = async (
  params: SettleUnknownCreatesParams,
): Promise<CreateOperatorsResult> => {
  const { read, timeoutMs, sleep = realSleep } = params;
  const result: CreateOperatorsResult = { created: [], failed: [], unknown: [] };
  const waits = settleWaitsMs(timeoutMs, params.reads ?? DEFAULT_SETTLE_READS);
  let open = [...params.unclear];
  let reads = 0;
  let waited = 0;
  let readError: PlatformError | undefined;
  for (let i = 0; i < waits.length && open.length > 0; i++) {
    const inFlight = open.some((u) => mayStillLand(u.error));
    if (!inFlight && i > 0) {
      break;
    }
    const wait = inFlight ? waits[i] : 0;
    await sleep(wait);
    waited += wait;
    let back: ReadBack;
    try {
      back = await read(open.map((u) => u.key));
      reads += 1;
    } catch (error) {
      readError = asPlatformError(error, open[0].error.connectorId);
      continue;
    }
    const stillOpen: UnclearCreate[] = [];
    for (const unclear of open) {
      const remote = back.found.get(unclear.key);
      const failed = back.failed?.get(unclear.key);
      if (remote) {
        result.created.push({ key: unclear.key, remote });
      } else if (failed) {
        result.failed.push({ key: unclear.key, error: failed });
      } else if (!mayStillLand(unclear.error)) {
        result.failed.push(unclear);
      } else {
        stillOpen.push(unclear);
      }
    }
    open = stillOpen;
  }
  for (const unclear of open) {
    result.unknown.push({ key: unclear.key, error: unsettled(unclear.error, reads, waited, readError) });
  }
  return result;
};

const unsettled = (
  error: PlatformError,
  reads: number,
  waitedMs: number,
  readError: PlatformError | undefined,
): PlatformError =>
  new PlatformError({
    code: PlatformErrorCode.TEMPORARY,
    connectorId: error.connectorId,
    status: error.status,
    outcomeUnknown: true,
    message:
      `${error.message}; outcome unknown: not found by ${reads} read-back(s) over ${waitedMs} ms` +
      `${readError ? ` (last read failed: ${readError.message})` : ''}; not sent again, it may still appear`,
    cause: error,
  });
