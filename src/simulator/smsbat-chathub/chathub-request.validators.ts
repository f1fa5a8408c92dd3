import type { RequestValidator } from '@app/simulator/framework/simulator.types';
import { CHATHUB_OPERATOR_STATUSES } from '@app/simulator/smsbat-chathub/chathub.types';

// Shape checks only; checks that need state (unknown ids, clock) live in the handlers.

export const validateCompanyLogin: RequestValidator = ({ body }) =>
  isObject(body) && typeof body.login === 'string' && typeof body.password === 'string'
    ? []
    : ['body must be {"login": string, "password": string}'];

export const validateOperatorListQuery: RequestValidator = ({ query }) =>
  typeof query.organizationId === 'string' && /^\d+$/.test(query.organizationId)
    ? []
    : ['query organizationId must be an integer'];

export const validateSynchronize: RequestValidator = ({ body }) => {
  if (!Array.isArray(body)) {
    return ['body must be a JSON array of {"organizationId": integer, "name": string}'];
  }
  return body.flatMap((item: unknown, index) =>
    isObject(item) &&
    Number.isInteger(item.organizationId) &&
    typeof item.name === 'string' &&
    item.name !== ''
      ? []
      : [`item ${index} must be {"organizationId": integer, "name": non-empty string}`],
  );
};

export const validateStatusChange: RequestValidator = ({ body }) => {
  if (!isObject(body) || !Number.isInteger(body.id)) {
    return ['body must be {"id": integer, "status": 0|1|2}'];
  }
  return CHATHUB_OPERATOR_STATUSES.some((s) => s === body.status) ? [] : ['status must be 0, 1 or 2'];
};

export const validateOperatorTokenRequest: RequestValidator = ({ body }) =>
  isObject(body) &&
  Number.isInteger(body.id) &&
  typeof body.expiresAt === 'string' &&
  !Number.isNaN(Date.parse(body.expiresAt))
    ? []
    : ['body must be {"id": integer, "expiresAt": ISO-8601 date-time}'];

export const validateTokenCheck: RequestValidator = ({ body }) =>
  isObject(body) && typeof body.token === 'string' ? [] : ['body must be {"token": string}'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
