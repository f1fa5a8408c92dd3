import type { ApiErrorBody } from './types.js';

// Session storage: the token lives as long as the tab, never in the URL, a cookie or local storage.
const TOKEN_KEY = 'chat-bridge.adminToken';

export const token = {
  get: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  set: (value: string): void => sessionStorage.setItem(TOKEN_KEY, value),
  clear: (): void => sessionStorage.removeItem(TOKEN_KEY),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the daemon refuses the token: the console goes back to sign-in. */
let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (handler: () => void): void => {
  onUnauthorized = handler;
};

export const request = async <T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  presented = token.get(),
): Promise<T> => {
  const response = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      ...(presented ? { Authorization: `Bearer ${presented}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const error = (parsed as ApiErrorBody | undefined)?.error;
    if (response.status === 401 || response.status === 403) {
      onUnauthorized();
    }
    throw new ApiError(response.status, error?.code ?? 'HTTP', error?.message ?? response.statusText);
  }
  return parsed as T;
};

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}): Promise<T> => request<T>('POST', path, body);

/** `?a=1&b=x`, leaving out empty values. */
export const query = (params: Record<string, string | number | boolean | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const describeError = (error: unknown): string =>
  error instanceof ApiError
    ? `${error.message} (${error.code})`
    : error instanceof Error
      ? error.message
      : String(error);
