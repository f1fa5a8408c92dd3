import { WebhookBodyError } from '@app/platforms/webhook.types';

/**
 * How far ahead of its arrival a platform may stamp an event. Clocks drift by seconds, not days;
 * a time further ahead would outrank every real event that follows ("latest observation wins"),
 * so it is refused rather than stored.
 */
export const MAX_EVENT_TIME_AHEAD_MS = 24 * 60 * 60 * 1000;

/**
 * A platform's event time (epoch milliseconds) as a Date, or a 400: negative, not finite, beyond
 * what a Date can hold, or more than a day after arrival.
 */
export const eventTimeFromMs = (ms: number, field: string, receivedAt: Date): Date => {
  if (!Number.isFinite(ms) || ms < 0 || ms > receivedAt.getTime() + MAX_EVENT_TIME_AHEAD_MS) {
    throw new WebhookBodyError(`${field} is not a time between 1970 and a day after arrival`);
  }
  return new Date(ms);
};
