import { type AssignmentRequest, type CanonicalEvent, WebhookBodyError } from '@app/platforms/webhook.types';

/** Identifiers and keys are stored in `varchar(255)` columns on PostgreSQL. */
export const MAX_STORED_TEXT = 255;
// C0 controls and DEL: PostgreSQL refuses NUL in text, and none belongs in an id, name or key.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

const checkText = (value: string, path: string): void => {
  if (value.length > MAX_STORED_TEXT) {
    throw new WebhookBodyError(`${path} is longer than ${MAX_STORED_TEXT} characters`);
  }
  if (CONTROL_CHARACTER.test(value)) {
    throw new WebhookBodyError(`${path} contains a control character`);
  }
};

const checkValue = (value: unknown, path: string): void => {
  if (typeof value === 'string') {
    checkText(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(item, `${path}[${index}]`));
  }
};

/**
 * The edge between what a platform sent and what the database keeps: every text in a parsed event
 * is bounded and free of control characters, or the delivery is refused with a 400 naming the
 * field. Checked on both databases alike, so SQLite (which would store anything) and PostgreSQL
 * (which would fail with a 500) answer the same.
 */
export const assertStorable = (events: readonly CanonicalEvent[], assignment?: AssignmentRequest): void => {
  for (const event of events) {
    for (const [field, value] of Object.entries(event)) {
      checkValue(value, `${event.kind}.${field}`);
    }
  }
  if (assignment !== undefined) {
    for (const [field, value] of Object.entries(assignment)) {
      checkValue(value, `assignment.${field}`);
    }
  }
};
