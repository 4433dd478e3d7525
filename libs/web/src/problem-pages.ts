import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HtmlProblemRenderer, Problem } from '@app/platform';
import { pageContext, SERVICE_NAME } from './page-context.js';

/** Which error page a problem shows, and with what title. */
export interface ProblemPage {
  template: string;
  title: string;
}

export function problemPageFor(problem: Problem): ProblemPage {
  if (problem.code === 'CSRF_INVALID') return { template: 'pages/errors/form-expired', title: 'Sorry, this form has expired' };
  if (problem.status === 404 || problem.code === 'INVALID_ID') return { template: 'pages/errors/not-found', title: 'Page not found' };
  if (problem.status === 403) return { template: 'pages/errors/forbidden', title: 'You do not have access' };
  if (problem.status === 429) return { template: 'pages/errors/too-many-requests', title: 'Sorry, there have been too many attempts' };
  if (problem.status >= 500) return { template: 'pages/errors/service-problem', title: 'Sorry, there is a problem with the service' };
  return { template: 'pages/errors/request-problem', title: 'Sorry, there is a problem with your request' };
}

/** Minutes to wait, rounded up, for a 429 with Retry-After. */
const minutesToWait = (seconds: unknown): number | undefined =>
  typeof seconds === 'number' && seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : undefined;

function fallbackHtml(title: string): string {
  const safe = title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>${safe} – ${SERVICE_NAME}</title></head><body><main><h1>${safe}</h1></main></body></html>`;
}

/**
 * The HTML side of the problem filter, for people browsing: a missing or expired sign-in redirects
 * (303) to the sign-in page and back; other problems show a GOV.UK error page. The problem's detail
 * is written for people; a 5xx detail never carries internals, so no stack trace can reach the page.
 */
export const renderProblemPage: HtmlProblemRenderer = async (request: FastifyRequest, reply: FastifyReply, problem: Problem) => {
  const next = request.method === 'GET' || request.method === 'HEAD' ? `?next=${encodeURIComponent(request.url)}` : '';
  // Signed in with a password, second factor due: finish signing in (or set the app up) first.
  if (problem.code === 'MFA_REQUIRED') return reply.header('Cache-Control', 'no-store').redirect(`/sign-in/code${next}`, 303);
  if (problem.code === 'MFA_NOT_ENROLLED') return reply.header('Cache-Control', 'no-store').redirect(`/account/mfa${next}`, 303);
  if (problem.status === 401) return reply.header('Cache-Control', 'no-store').redirect(`/sign-in${next}`, 303);
  const page = problemPageFor(problem);
  reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8');
  try {
    const html = await reply.viewAsync(`${page.template}.hbs`, {
      ...pageContext(request, reply),
      title: page.title,
      problem,
      waitMinutes: minutesToWait(problem.retryAfterSeconds),
    });
    return reply.send(html);
  } catch {
    return reply.send(fallbackHtml(page.title));
  }
};
