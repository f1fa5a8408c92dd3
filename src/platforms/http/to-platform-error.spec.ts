import { excerpt } from '@app/core/platform-error';
import { AxiosError, AxiosHeaders, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

import { neverReachedPlatform, toPlatformError } from '@app/platforms/http/to-platform-error';
import { PlatformError, PlatformErrorCode, asPlatformError } from '@app/core/platform-error';

const config = { headers: new AxiosHeaders() } as InternalAxiosRequestConfig;
const network = (code: string, message = code): AxiosError => new AxiosError(message, code, config);
const http = (status: number): AxiosError =>
  new AxiosError(`HTTP ${status}`, 'ERR_BAD_RESPONSE', config, undefined, {
    status,
    statusText: '',
    data: '',
    headers: {},
    config,
  } as AxiosResponse);

describe('toPlatformError', () => {
  it.each([
    ['a timeout (ETIMEDOUT)', network('ETIMEDOUT')],
    ['a timeout (ECONNABORTED)', network('ECONNABORTED')],
    ['a reset connection', network('ECONNRESET')],
    ['a socket hang up', network('ECONNRESET', 'socket hang up')],
    ['a broken pipe', network('EPIPE')],
    ['a gateway 502', http(502)],
    ['a gateway 504', http(504)],
    ["the platform's own 500", http(500)],
  ])('should mark the outcome unknown after %s', (_case, error) => {
    expect(toPlatformError(error, 'c1', 'POST /x')).toMatchObject({
      code: PlatformErrorCode.TEMPORARY,
      outcomeUnknown: true,
    });
  });

  it.each([
    ['a refused connection', network('ECONNREFUSED')],
    ['an unknown host', network('ENOTFOUND')],
    ['a DNS failure', network('EAI_AGAIN')],
    ['a refused certificate', network('CERT_HAS_EXPIRED')],
    ['a 503', http(503)],
    ['a 429', http(429)],
    ['a 400', http(400)],
    ['a 401', http(401)],
  ])('should not mark the outcome unknown after %s', (_case, error) => {
    expect(toPlatformError(error, 'c1', 'POST /x').outcomeUnknown).toBe(false);
  });

  it('should say that only errors before sending never reached the platform', () => {
    expect(neverReachedPlatform(network('ECONNREFUSED'))).toBe(true);
    expect(neverReachedPlatform(network('ENOTFOUND'))).toBe(true);
    expect(neverReachedPlatform(network('ETIMEDOUT'))).toBe(false);
    expect(neverReachedPlatform(network('ECONNRESET'))).toBe(false);
    expect(neverReachedPlatform(http(502))).toBe(false);
  });
});

describe('asPlatformError', () => {
  it('should keep a PlatformError and wrap anything else as TEMPORARY with its cause', () => {
    const known = new PlatformError({ code: PlatformErrorCode.REJECTED, connectorId: 'c1', message: 'no' });
    const bug = new TypeError('x is undefined');

    expect(asPlatformError(known, 'c1')).toBe(known);
    expect(asPlatformError(bug, 'c1')).toMatchObject({
      code: PlatformErrorCode.TEMPORARY,
      connectorId: 'c1',
      message: 'x is undefined',
      cause: bug,
      outcomeUnknown: false,
    });
    expect(asPlatformError('text', 'c1').message).toBe('text');
  });
});

describe('excerpt', () => {
  it('should keep short text whole', () => {
    expect(excerpt('bad key')).toBe('bad key');
  });

  it('should drop the token a cut would split, so no piece of a secret is left', () => {
    const secret = 'sekret-0123456789abcdef';
    const text = `${'x '.repeat(95)}key=${secret} more`;

    const cut = excerpt(text);

    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/sekret|key=/);
    expect(cut.length).toBeLessThanOrEqual(201);
  });
});
