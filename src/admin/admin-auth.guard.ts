import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import { apiException } from '@app/common/api-errors';
import { BridgeConfigService } from '@app/config/bridge-config.service';

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Bearer `server.adminToken`; without a configured token the admin API is closed (403). */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  /** The token's SHA-256: digests have one length, so the comparison leaks neither bytes nor length. */
  private readonly tokenDigest?: Buffer;

  constructor(config: BridgeConfigService) {
    const token = config.server.adminToken;
    this.tokenDigest = token ? digest(token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.tokenDigest) {
      throw apiException(
        'ADMIN_API_DISABLED',
        'the admin API is disabled: set server.adminToken in the configuration',
      );
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const presented = digest(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    if (!timingSafeEqual(presented, this.tokenDigest)) {
      throw apiException('UNAUTHORIZED', 'a valid Bearer admin token is required');
    }
    return true;
  }
}
