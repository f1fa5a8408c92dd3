import type { AlertEvent, AlertSinkConfig } from '@app/core/config.types';

/** A configured sink with the name its alerts are stored under and its metrics are labelled by. */
export type NamedSink = AlertSinkConfig & { name: string };

/**
 * Names sinks by type (`webhook`, `slack`, `email`); a type configured more than once is numbered
 * in the order of the file (`webhook-1`, `webhook-2`), so the names stay the same across restarts.
 */
export const nameSinks = (sinks: readonly AlertSinkConfig[]): NamedSink[] =>
  sinks.map((sink, index) => {
    const sameType = sinks.filter((other) => other.type === sink.type);
    if (sameType.length === 1) {
      return { ...sink, name: sink.type };
    }
    const ordinal = sinks.slice(0, index + 1).filter((other) => other.type === sink.type).length;
    return { ...sink, name: `${sink.type}-${ordinal}` };
  });

const HEALTH_EVENTS: ReadonlySet<string> = new Set([
  'connector.degraded',
  'connector.bad_credentials',
  'connector.recovered',
]);

/**
 * Whether a later alert means the condition behind an earlier one changed, so the earlier one's
 * dedupe window no longer holds: a recovery resets everything about the connector, and a connector
 * that goes bad again (or bad another way) after recovering is news.
 */
const resets = (later: string, earlier: AlertEvent): boolean =>
  later !== earlier &&
  HEALTH_EVENTS.has(later) &&
  (HEALTH_EVENTS.has(earlier) || later === 'connector.recovered');

/**
 * True when `event` was already raised within the window (`recent`: the sink's alerts about the
 * connector within it, newest first) and nothing since has changed the condition.
 */
export const isDuplicate = (event: AlertEvent, recent: ReadonlyArray<{ event: string }>): boolean => {
  for (const alert of recent) {
    if (resets(alert.event, event)) {
      return false;
    }
    if (alert.event === event) {
      return true;
    }
  }
  return false;
};

/** Dedupe first (a duplicate is no news), then the sink's hourly budget. */
export const admission =
  (event: AlertEvent, maxPerHour: number) =>
  (recent: ReadonlyArray<{ event: string }>, lastHour: number): 'store' | 'duplicate' | 'rate_limited' => {
    if (isDuplicate(event, recent)) {
      return 'duplicate';
    }
    return lastHour >= maxPerHour ? 'rate_limited' : 'store';
  };
