import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import { ADMIN_SECURITY } from '@app/admin/admin-api.decorators';

export const OPENAPI_JSON_PATH = '/api/openapi.json';
export const OPENAPI_DOCS_PATH = '/api/docs';

/**
 * The admin API (`/api/*`) as an OpenAPI 3 document, generated from the controllers and their DTOs.
 * Health, metrics and webhooks are the platforms' and the monitoring's, not the admin's: left out.
 */
export const buildOpenApiDocument = (app: INestApplication, version: string): OpenAPIObject => {
  const config = new DocumentBuilder()
    .setTitle('chat-bridge admin API')
    .setDescription(
      'Operators, connectors, runs (the audit log) and the webhook inbox. Every route takes ' +
        '`Authorization: Bearer <server.adminToken>`. Lists are paged: pass the `nextCursor` of a page ' +
        'as `cursor` to get the next one; the last page has no `nextCursor`. Errors are ' +
        '`{ "error": { "code", "message", "details"? } }`.',
    )
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'server.adminToken' }, ADMIN_SECURITY)
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  document.paths = Object.fromEntries(
    Object.entries(document.paths).filter(([path]) => path.startsWith('/api/')),
  );
  return document;
};

/** `GET /api/openapi.json` and its browsable view at `/api/docs`, both without auth, assets served locally. */
export const serveOpenApi = (app: INestApplication, version: string): void => {
  SwaggerModule.setup(OPENAPI_DOCS_PATH, app, () => buildOpenApiDocument(app, version), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'chat-bridge admin API',
    // swagger-ui would otherwise ask validator.swagger.io about the document.
    swaggerOptions: { validatorUrl: null, persistAuthorization: false },
  });
};
