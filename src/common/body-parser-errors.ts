import type { NextFunction, Request, Response } from 'express';

const ANSWERS: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'INVALID_JSON', message: 'the request body is not valid JSON' },
  'entity.too.large': {
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'the request body is larger than server.bodyLimit',
  },
  'encoding.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'the request body encoding is not supported',
  },
  'charset.unsupported': {
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'the request charset is not supported',
  },
};

/**
 * Express error middleware placed right after the body parsers: Nest would otherwise turn their
 * typed errors into a generic 400, losing "too large" (413) and "not JSON".
 */
export const bodyParserErrors = (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
  const answer = ANSWERS[(error as { type?: string } | null)?.type ?? ''];
  if (!answer) {
    next(error);
    return;
  }
  res.status(answer.status).json({ error: { code: answer.code, message: answer.message } });
};
