import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

export const CONSOLE_PATH = '/ui';

// Built by `npm run build` (ui/build.mjs) into dist/ui, beside dist/src.
const DEFAULT_ASSETS_DIR = join(__dirname, '../../ui');

// The console loads nothing but its own files and talks to nothing but this daemon.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const securityHeaders = (_req: Request, res: Response, next: NextFunction): void => {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-cache');
  next();
};

/**
 * The operator console at /ui/: static files only. It asks for the admin token at sign-in and
 * sends it to /api/* itself; the files hold nothing secret, so serving them needs no token.
 */
export const serveConsole = (app: NestExpressApplication, assetsDir = DEFAULT_ASSETS_DIR): void => {
  if (!existsSync(join(assetsDir, 'index.html'))) {
    new Logger('Console').warn(`the console is not built (no ${assetsDir}/index.html): run npm run build`);
    return;
  }
  // Relative asset URLs in index.html need the trailing slash.
  app.use(CONSOLE_PATH, (req: Request, res: Response, next: NextFunction) => {
    const [path, search] = req.originalUrl.split('?', 2);
    if (path === CONSOLE_PATH) {
      res.redirect(301, `${CONSOLE_PATH}/${search === undefined ? '' : `?${search}`}`);
      return;
    }
    next();
  });
  app.use(CONSOLE_PATH, securityHeaders);
  app.useStaticAssets(assetsDir, {
    prefix: `${CONSOLE_PATH}/`,
    index: 'index.html',
    redirect: false,
    dotfiles: 'deny',
  });
};
