import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/** chat-bridge's version: the nearest package.json above this file (src/ in tests, dist/ built). */
export const packageVersion = (): string => {
  if (cached !== undefined) {
    return cached;
  }
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'chat-bridge' && typeof manifest.version === 'string') {
        cached = manifest.version;
        return cached;
      }
    } catch {
      // not here: one level up
    }
  }
  cached = 'unknown';
  return cached;
};
