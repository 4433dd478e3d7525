import cookie from '@fastify/cookie';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { RequestContext } from '@app/core';
import type { AppConfig } from '../config/app-config.js';
import { requestIdFor } from '../logging/logging.module.js';
import { acceptMultipart } from './multipart.js';
import { helmetOptions, securityHeaders } from './security-headers.js';
import { createValidationPipe } from './validation.js';
import { ProblemDetailsFilter, type HtmlProblemRenderer } from './problem.filter.js';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: requestIdFor,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
}

/**
 * Fastify-level setup shared by the server and the tests: security headers, cookies, forms,
 * problem+json for everything (including errors raised before Nest sees the request), validation,
 * and the OpenAPI document.
 */
export async function configureApp(app: NestFastifyApplication, config: AppConfig, renderHtml?: HtmlProblemRenderer): Promise<void> {
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Only JSON (API), urlencoded forms (registered by Nest's adapter) and multipart forms are accepted; anything else is 415.
  fastify.removeContentTypeParser(['text/plain']);
  await app.register(cookie as never, { secret: config.sessionSecret } as never);
  await acceptMultipart(app);
  const headers = securityHeaders(helmetOptions(config));
  // One synchronous hook per request: security headers, the request id header, and the request's context.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('X-Request-Id', String(request.id));
    RequestContext.run({ requestId: String(request.id), ip: request.ip }, done);
  });
  app.useGlobalFilters(new ProblemDetailsFilter(renderHtml));
  app.useGlobalPipes(createValidationPipe());
  setupOpenApi(app);
}

export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Online safety enforcement back office API')
      .setDescription(
        'Intake, triage, enforcement cases, deadlines, notices, penalties, super-complaints and reports. ' +
          'Errors are application/problem+json (RFC 9457) with a stable `code`. Money is integer pence; legal dates are YYYY-MM-DD.',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An access token from POST /api/v1/auth/token, or an organisation API key' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
}
