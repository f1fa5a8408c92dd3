import {
  type Where,
  invalidResponse,
  isObject,
  toFlag,
} from '@app/platforms/livehelperchat/livehelperchat.mapper';
import {
  LHC_AUTH_MESSAGE,
  LHC_NOT_FOUND_MESSAGE,
  LHC_PASSWORD_FIELDS,
} from '@app/platforms/livehelperchat/livehelperchat.options';
import { PlatformError, PlatformErrorCode, isPlatformError } from '@app/core/platform-error';

/**
 * What an answer means: `error: true` is a failure whatever the HTTP status, 404 is a
 * base URL that is not LHC's REST API, and anything else than 200 without LHC's own error is not
 * an answer LHC gives. Password fields are removed first, before anything reads the body.
 */
export const readAnswer = (status: number, data: unknown, where: Where): unknown => {
  const body = stripPasswords(data);
  const fail = (code: PlatformErrorCode, text: string): PlatformError =>
    new PlatformError({ code, connectorId: where.connectorId, status, message: `${where.route} ${text}` });
  if (status === 404) {
    throw fail(PlatformErrorCode.CONFIG, 'answered 404: baseUrl is not the LHC REST API');
  }
  if (isObject(body) && toFlag(body.error)) {
    const message = typeof body.result === 'string' ? body.result : 'error';
    throw fail(codeOf(message), `refused: ${message}`);
  }
  if (status !== 200) {
    throw invalidResponse(where, `HTTP ${status} without an error message`);
  }
  return body;
};

const codeOf = (message: string): PlatformErrorCode =>
  LHC_AUTH_MESSAGE.test(message)
    ? PlatformErrorCode.AUTH_FAILED
    : LHC_NOT_FOUND_MESSAGE.test(message)
      ? PlatformErrorCode.NOT_FOUND
      : PlatformErrorCode.REJECTED;

export const resultOf = (body: unknown, where: Where): unknown => {
  if (!isObject(body) || !('result' in body)) {
    throw invalidResponse(where, 'something other than {error, result}');
  }
  return body.result;
};

/** GET/PUT /restapi/user return the bcrypt hash, POST also the plaintext password. */
export const stripPasswords = (body: unknown): unknown => {
  const strip = (value: unknown): void => {
    if (isObject(value)) {
      LHC_PASSWORD_FIELDS.forEach((field) => delete value[field]);
      strip(value.user);
    }
  };
  if (isObject(body)) {
    strip(body);
    (Array.isArray(body.result) ? body.result : [body.result]).forEach(strip);
  } else if (Array.isArray(body)) {
    body.forEach(strip);
  }
  return body;
};

// An error page of a failed create could echo the request; the generated password never leaves.
export const scrubSecret = (error: unknown, secret: string): unknown => {
  if (!isPlatformError(error) || secret === '' || !error.message.includes(secret)) {
    return error;
  }
  return new PlatformError({
    code: error.code,
    connectorId: error.connectorId,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
    outcomeUnknown: error.outcomeUnknown,
    message: error.message.split(secret).join('[REDACTED]'),
  });
};
