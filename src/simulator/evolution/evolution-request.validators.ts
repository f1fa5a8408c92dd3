import type { RequestValidator } from '@app/simulator/framework/simulator.types';

// EVO validate/chatwoot.schema.ts: these are required; types as in the DTO.
const REQUIRED = [
  'enabled',
  'accountId',
  'token',
  'url',
  'signMsg',
  'reopenConversation',
  'conversationPending',
];
const TYPES: Record<string, 'boolean' | 'string' | 'number' | 'array'> = {
  enabled: 'boolean',
  accountId: 'string',
  token: 'string',
  url: 'string',
  nameInbox: 'string',
  signMsg: 'boolean',
  signDelimiter: 'string',
  number: 'string',
  reopenConversation: 'boolean',
  conversationPending: 'boolean',
  mergeBrazilContacts: 'boolean',
  importContacts: 'boolean',
  importMessages: 'boolean',
  daysLimitImportMessages: 'number',
  autoCreate: 'boolean',
  organization: 'string',
  logo: 'string',
  ignoreJids: 'array',
};

/** `/chatwoot/set` body: required fields present, known fields of the DTO's types; others are ignored. */
export const validateChatwootSet: RequestValidator = ({ body }) => {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return ['body must be a JSON object'];
  }
  const input = body as Record<string, unknown>;
  const missing = REQUIRED.filter((field) => input[field] === undefined).map((f) => `${f} is required`);
  const mistyped = Object.entries(TYPES)
    .filter(([field]) => input[field] !== undefined)
    .filter(([field, type]) =>
      type === 'array' ? !Array.isArray(input[field]) : typeof input[field] !== type,
    )
    .map(([field, type]) => `${field} must be ${type === 'array' ? 'an array' : `a ${type}`}`);
  return [...missing, ...mistyped];
};
