import { WebhookBodyError } from '@app/platforms/webhook.types';

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A webhook body must be one JSON object; anything else is the sender's mistake (400). */
export const parseJsonObject = (raw: Buffer): JsonObject => {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new WebhookBodyError('body is not JSON');
  }
  if (!isJsonObject(body)) {
    throw new WebhookBodyError('body is not a JSON object');
  }
  return body;
};
