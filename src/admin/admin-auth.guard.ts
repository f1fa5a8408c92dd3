import { timingSafeEqual } from 'node:crypto';

import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request } from 'express';

import { BridgeConfigService } from '@app/config/bridge-config.service';

/** Bearer `server.adminToken`; without a configured token the admin API is closed (403). */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly token?: Buffer;

  constructor(config: BridgeConfigService) {
    const token = config.server.adminToken;
    this.token = token ? Buffer.from(token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    if (!this.token) {
      throw new ForbiddenException({
        code: 'ADMIN_API_DISABLED',
        message: 'the admin API is disabled: set server.adminToken in the configuration',
      });
    }
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const presented = Buffer.from(header.startsWith('Bearer ') ? header.slice(7).trim() : '');
    if (presented.length !== this.token.length || !timingSafeEqual(presented, this.token)) {
      throw new UnauthorizedException({
        code: 'UNAUTHORIZED',
        message: 'a valid Bearer admin token is required',
      });
    }
    return true;
  }
}
