import { HttpCode, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { AdminAuthGuard } from '@app/admin/admin-auth.guard';
import { ErrorDto } from '@app/admin/admin.views';

/** The security scheme name of the admin token in the OpenAPI document. */
export const ADMIN_SECURITY = 'admin';

const ERROR_MEANINGS: Record<number, string> = {
  400: 'invalid input: VALIDATION_FAILED (details list the fields), BAD_REQUEST, INVALID_JSON, INVALID_CURSOR',
  404: 'nothing has this id or key',
  409: 'RUN_IN_PROGRESS (details.holder names who holds the connector) or CONNECTOR_DISABLED',
  413: 'the body is larger than server.bodyLimit',
  503: 'UNAVAILABLE: the connector takes no writes now (back-off, bad credentials); SHUTTING_DOWN: the daemon is stopping',
};

/** An admin controller: Bearer token, one tag, and the answers every admin route may give. */
export const AdminController = (tag: string): ClassDecorator =>
  applyDecorators(
    UseGuards(AdminAuthGuard),
    ApiTags(tag),
    ApiBearerAuth(ADMIN_SECURITY),
    ApiResponse({ status: 401, type: ErrorDto, description: 'UNAUTHORIZED: no valid Bearer admin token' }),
    ApiResponse({ status: 403, type: ErrorDto, description: 'ADMIN_API_DISABLED: no server.adminToken' }),
  );

/**
 * One admin route: what it does, its answer on success (200) and the errors it can give besides
 * 401/403. Every route says all three, so the OpenAPI test can insist on them.
 */
export const AdminRoute = (options: {
  summary: string;
  description?: string;
  ok: { type: unknown; description: string };
  errors: readonly (keyof typeof ERROR_MEANINGS)[];
  /** POST routes that answer 200 (not 201): they run something, they create nothing addressable. */
  post?: boolean;
}): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: options.summary, description: options.description }),
    ApiResponse({ status: 200, type: options.ok.type as never, description: options.ok.description }),
    ...options.errors.map((status) =>
      ApiResponse({ status, type: ErrorDto, description: ERROR_MEANINGS[status] }),
    ),
    ...(options.post ? [HttpCode(200)] : []),
  );
