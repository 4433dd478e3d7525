import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem, type Problem } from './problem.js';

/** Renders an HTML page for a problem met while a person browses; set by the web context. */
export type HtmlProblemRenderer = (request: FastifyRequest, reply: FastifyReply, problem: Problem) => Promise<unknown> | unknown;

export function wantsHtml(request: FastifyRequest): boolean {
  const url = request.url;
  if (url.startsWith('/api') || url.startsWith('/health')) return false;
  return (request.headers.accept ?? '').includes('text/html');
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, renderHtml?: HtmlProblemRenderer): unknown {
  const { problem, unexpected } = toProblem(error);
  if (unexpected) {
    new Logger('Problem').error({ err: error, requestId: request.id }, 'unexpected error');
  }
  problem.instance = request.url.split('?')[0];
  problem.requestId = String(request.id);
  if (typeof problem.retryAfterSeconds === 'number') reply.header('Retry-After', String(problem.retryAfterSeconds));
  if (renderHtml && wantsHtml(request)) {
    reply.status(problem.status);
    return renderHtml(request, reply, problem);
  }
  return reply.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

/** The one place every error becomes problem+json (or an error page for a browser). */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly renderHtml?: HtmlProblemRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    void sendProblem(http.getRequest<FastifyRequest>(), reply, exception, this.renderHtml);
  }
}
