import type { ChatwootConnectorConfig } from '@app/core/config.types';
import { PlatformError, PlatformErrorCode } from '@app/core/platform-error';
import { describeError } from '@app/runs/platform-error.handler';

const connector = {
  id: 'chatwoot',
  type: 'chatwoot',
  baseUrl: 'https://cw.example.com:8443/app',
  timeoutMs: 10_000,
  auth: { apiAccessToken: 'token-value-1234' },
} as ChatwootConnectorConfig;
const references = new Map([['connectors[chatwoot].auth.apiAccessToken', 'Bearer-${CHATWOOT_TOKEN}']]);
const failure = (code: PlatformErrorCode, message: string, status?: number) =>
  new PlatformError({ code, connectorId: 'chatwoot', message, status });

describe(describeError.name, () => {
  it('should name the host, the key and its variable, never the token, when the credentials are refused', () => {
    const text = describeError(
      failure(PlatformErrorCode.AUTH_FAILED, 'GET /api/v1/profile answered HTTP 401', 401),
      {
        connector,
        references,
      },
    );

    expect(text).toBe(
      'AUTH_FAILED: GET /api/v1/profile answered HTTP 401 — next: cw.example.com:8443 refused the credentials: check connectors[chatwoot].auth.apiAccessToken (set from ${CHATWOOT_TOKEN}), then run chat-bridge validate --online',
    );
    expect(text).not.toContain('Bearer');
  });

  it('should point at baseUrl when the platform cannot be reached', () => {
    const text = describeError(failure(PlatformErrorCode.TEMPORARY, 'GET /agents failed: ECONNREFUSED'), {
      connector,
      references,
    });

    expect(text).toContain(
      'next: cw.example.com:8443 could not be reached: check connectors[chatwoot].baseUrl',
    );
  });

  it('should point at timeoutMs when the request timed out', () => {
    const text = describeError(failure(PlatformErrorCode.TEMPORARY, 'GET /agents failed: timed out'), {
      connector,
      references,
    });

    expect(text).toContain('did not answer within connectors[chatwoot].timeoutMs');
  });

  it('should point at baseUrl and its path when the API answers 404', () => {
    const text = describeError(failure(PlatformErrorCode.NOT_FOUND, 'GET /agents answered HTTP 404', 404), {
      connector,
      references,
    });

    expect(text).toContain('has no such API path: check connectors[chatwoot].baseUrl');
  });

  it('should keep the bare code and message when no context is given', () => {
    expect(describeError(failure(PlatformErrorCode.AUTH_FAILED, 'HTTP 401', 401))).toBe(
      'AUTH_FAILED: HTTP 401',
    );
  });
});
