import type { NextFunction, Request, Response } from 'express';

import { apiErrorReply } from '@app/common/api-errors';

/** Admin API bodies are flat; 32 levels is far beyond any of them. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value, walked with an explicit stack (no recursion to overflow). */
export const jsonDepth = (value: unknown): number => {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== 'object' || item === null) {
      continue;
    }
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(item)) {
      stack.push([child, depth + 1]);
    }
  }
  return deepest;
};

/**
 * Placed after the JSON parser: a body nested deeper than MAX_JSON_DEPTH is a 400 before the
 * validation pipe walks it recursively (which overflows the stack at about 1,500 levels).
 */
export const rejectDeepJson = (req: Request, res: Response, next: NextFunction): void => {
  if (jsonDepth(req.body) > MAX_JSON_DEPTH) {
    const { status, body } = apiErrorReply(
      'BAD_REQUEST',
      `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
    res.status(status).json(body);
    return;
  }
  next();
};
