import type { NextFunction, Request, Response } from 'express';

import { apiErrorReply } from '@app/common/api-errors';

const ANSWERS: Record<string, ReturnType<typeof apiErrorReply>> = {
  'entity.parse.failed': apiErrorReply('INVALID_JSON', 'the request body is not valid JSON'),
  'entity.too.large': apiErrorReply('PAYLOAD_TOO_LARGE', 'the request body is larger than server.bodyLimit'),
  'encoding.unsupported': apiErrorReply(
    'UNSUPPORTED_MEDIA_TYPE',
    'the request body encoding is not supported',
  ),
  'charset.unsupported': apiErrorReply('UNSUPPORTED_MEDIA_TYPE', 'the request charset is not supported'),
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
  res.status(answer.status).json(answer.body);
};
