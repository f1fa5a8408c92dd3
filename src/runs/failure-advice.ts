import type { ConnectorConfig } from '@app/core/config.types';
import { PlatformErrorCode, type FailureContext, type PlatformError } from '@app/core/platform-error';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

// Only the variable names of a reference: the text around them may be a literal secret.
const keyWithSource = (context: FailureContext, key: string): string => {
  const path = `connectors[${context.connector.id}].${key}`;
  const names = [...(context.references.get(path) ?? '').matchAll(VARIABLE)].map(([, name]) => name);
  return names.length === 0 ? path : `${path} (set from ${names.map((n) => `\${${n}}`).join(', ')})`;
};

const hostOf = (baseUrl: string): string => (URL.canParse(baseUrl) ? new URL(baseUrl).host : baseUrl);

const credentialKeys = (connector: ConnectorConfig): string[] =>
  Object.entries(connector.auth)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => `auth.${key}`);

/**
 * The next step for a failure, naming the host, the YAML key (and the environment variable it
 * was set from) to fix, never a credential. Undefined when the error says all there is.
 */
export const adviceFor = (error: PlatformError, context: FailureContext): string | undefined => {
  const host = hostOf(context.connector.baseUrl);
  const baseUrl = keyWithSource(context, 'baseUrl');
  const check = 'then run chat-bridge validate --online';
  switch (error.code) {
    case PlatformErrorCode.AUTH_FAILED: {
      const keys = credentialKeys(context.connector).map((key) => keyWithSource(context, key));
      return `${host} refused the credentials: check ${keys.join(' and ')}, ${check}`;
    }
    case PlatformErrorCode.TEMPORARY:
      if (error.status !== undefined) {
        return `${host} is failing (HTTP ${error.status}); runs retry with backoff`;
      }
      return /timed out/.test(error.message)
        ? `${host} did not answer within connectors[${context.connector.id}].timeoutMs: check the platform is up, or raise the timeout; ${check}`
        : `${host} could not be reached: check ${baseUrl} and that the platform is running, ${check}`;
    case PlatformErrorCode.NOT_FOUND:
      return error.status === undefined
        ? undefined
        : `${host} has no such API path: check ${baseUrl} (the path of the API included), ${check}`;
    case PlatformErrorCode.INVALID_RESPONSE:
      return `${host} answered something that is not this platform's API: check ${baseUrl}, ${check}`;
    case PlatformErrorCode.RATE_LIMITED:
      return `${host} is rate-limiting: lower connectors[${context.connector.id}].rateLimit`;
    case PlatformErrorCode.CONFIG:
      return `fix the connector's settings or the platform's (see the message), ${check}`;
    case PlatformErrorCode.REJECTED:
      return undefined;
  }
};
