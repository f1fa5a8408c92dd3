import { jsonResponse } from '@app/simulator/framework/sim-response';
import type { SimRequest, SimResponse } from '@app/simulator/framework/simulator.types';

// ErrorInfo texts for the codes this simulator answers on its own.
const INFO: Record<number, string> = {
  60010: 'this request needs an app admin identifier',
  60018: 'request frequency limit exceeded',
  70001: 'UserSig expired, generate a new one (validity of at least 24 h recommended)',
  70002: 'UserSig is empty',
  70003: 'UserSig is invalid and cannot be decoded',
  70009: 'UserSig verification failed: wrong secret key',
  70013: 'identifier in the request does not match the UserSig',
  70014: 'SDKAppID in the request does not match the UserSig',
  70020: 'SDKAppID not found',
  70107: 'user does not exist',
  70500: 'internal server error, retry',
  71000: 'account_delete is only available on Trial apps',
  90001: 'JSON format parsing failed',
  141000: 'this app is not a Desk app',
  141010: 'agent account does not exist',
};

/** The body Tencent puts in every answer, always with HTTP 200. */
export const envelope = (
  code: number,
  info?: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  ActionStatus: code === 0 ? 'OK' : 'FAIL',
  ErrorInfo: code === 0 ? '' : (info ?? INFO[code] ?? `error ${code}`),
  ErrorCode: code,
  ...extra,
});

export const ok = (extra: Record<string, unknown> = {}): SimResponse =>
  jsonResponse(envelope(0, undefined, extra));

export const fail = (code: number, info?: string): SimResponse => jsonResponse(envelope(code, info));

/**
 * Framework-level answers (malformed JSON, unknown path, handler crash) in Tencent's form. Inferred:
 * the docs name no code for an unknown command, so it gets 90001 like other unparsable requests.
 */
export const codeForStatus = (status: number): number => {
  if (status === 429) {
    return 60018;
  }
  return status >= 500 ? 70500 : 90001;
};

/** The request's JSON object, whatever the content type said; undefined when there is none. */
export const jsonObject = (req: SimRequest): Record<string, unknown> | undefined => {
  let body = req.body;
  if (body === undefined && req.rawBody.length > 0) {
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : undefined;
};

export const isStringList = (value: unknown, max: number): value is string[] =>
  Array.isArray(value) && value.length <= max && value.every((v) => typeof v === 'string');

/** `[{UserID}]` lists of account_check and account_delete. */
export const userIdItems = (value: unknown, max: number): string[] | undefined => {
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    return undefined;
  }
  const ids = value.map((item: unknown) =>
    typeof item === 'object' && item !== null ? (item as { UserID?: unknown }).UserID : undefined,
  );
  return ids.every((id): id is string => typeof id === 'string') ? ids : undefined;
};
