import { mapWithConcurrency } from '@app/core/map-with-concurrency';
import type { DesiredOperator } from '@app/core/operator.types';
import { asPlatformError } from '@app/core/platform-error';
import type { CreateOperatorsResult, RemoteOperator } from '@app/platforms/chat-platform.adapter';
import {
  type ReadBack,
  type Sleep,
  type UnclearCreate,
  settleUnknownCreates,
} from '@app/platforms/settle-unknown-creates';

/**
 * How long one write may take, as assumed when sizing how many are in flight. With a 100 ms
 * round trip and a limit of 50 calls/s, five in flight keep the rate limiter as the bottleneck.
 */
const ASSUMED_WRITE_SECONDS = 0.25;
const MIN_WRITES_IN_FLIGHT = 2;
/** Bounds what a timeout can leave unsettled at once, whatever the rate limit. */
const MAX_WRITES_IN_FLIGHT = 32;

/**
 * Writes kept in flight for a connector limited to `rateLimit` calls/s: enough for the rate limiter
 * (not the round trip) to set the pace, few enough that a stalled platform holds only a handful.
 */
export const writesInFlight = (rateLimit: number): number =>
  Math.min(
    MAX_WRITES_IN_FLIGHT,
    Math.max(MIN_WRITES_IN_FLIGHT, Math.ceil(rateLimit * ASSUMED_WRITE_SECONDS)),
  );

export interface CreateEachParams {
  connectorId: string;
  operators: DesiredOperator[];
  /** At most this many creates are sent and unanswered at any time. */
  concurrency: number;
  /** One create; throws a PlatformError, with `outcomeUnknown` when it was sent without a clear answer. */
  create: (operator: DesiredOperator) => Promise<RemoteOperator>;
  /** Reads the platform back for the creates whose outcome is unknown. */
  readBack: (operators: DesiredOperator[]) => Promise<ReadBack>;
  /** The connector's request timeout: how long an unanswered create may still be on its way. */
  timeoutMs: number;
  /**
   * The platform refuses a second operator with the same natural key (LHC's unique username), so
   * a create that the read-backs did not find may be sent once more: if the first lands after
   * all, the second is refused and `create` adopts what is there.
   */
  resendAbsent?: boolean;
  sleep?: Sleep;
}

/**
 * One create call per operator, several in flight (the connector's rate limiter paces them). A
 * create without a clear answer is never sent again: once all are answered, it is read back after
 * the wait `settleUnknownCreates` gives it, and counted created, failed or unknown from what is seen.
 */
export const createEach = async (params: CreateEachParams): Promise<CreateOperatorsResult> => {
  const { connectorId, operators } = params;
  const result: CreateOperatorsResult = { created: [], failed: [], unknown: [] };
  const unclear: UnclearCreate[] = [];
  await mapWithConcurrency(operators, params.concurrency, async (operator) => {
    try {
      result.created.push({ key: operator.key, remote: await params.create(operator) });
    } catch (caught) {
      const error = asPlatformError(caught, connectorId);
      (error.outcomeUnknown ? unclear : result.failed).push({ key: operator.key, error });
    }
  });
  if (unclear.length === 0) {
    return result;
  }
  const byKey = new Map(operators.map((o) => [o.key, o]));
  const settled = await settleUnknownCreates({
    unclear,
    timeoutMs: params.timeoutMs,
    sleep: params.sleep,
    read: (keys) => params.readBack(keys.map((key) => byKey.get(key)!)),
  });
  result.created.push(...settled.created);
  result.failed.push(...settled.failed);
  if (!params.resendAbsent) {
    result.unknown.push(...settled.unknown);
    return result;
  }
  // Read back and not there: sent once more, and an unclear outcome now stays unknown.
  await mapWithConcurrency(settled.unknown, params.concurrency, async ({ key }) => {
    try {
      result.created.push({ key, remote: await params.create(byKey.get(key)!) });
    } catch (caught) {
      const error = asPlatformError(caught, connectorId);
      (error.outcomeUnknown ? result.unknown : result.failed).push({ key, error });
    }
  });
  return result;
};
