import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { setFlash, takeFlash, type Flash } from './flash.js';
import { renderView } from './page-context.js';

/** A page to render, decided by an application service that knows nothing of HTTP: template, data, status. */
export interface PageResult {
  template: string;
  data: Record<string, unknown>;
  status: number;
}

/** After a successful post: where to go and the message to show there. */
export interface PageDone {
  redirect: string;
  flash?: Flash;
}

/** What controllers use to answer a browser: render a page (with any pending flash message) or redirect. */
@Injectable()
export class Pages {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Renders views/<template>.hbs, e.g. "pages/admin/users/index". */
  render(request: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const flash = takeFlash(request, reply, { secure: this.config.cookieSecure });
    return renderView(request, reply, template, { flash, ...data }, status);
  }

  /** Answers with what an application service decided: a redirect (with its message) after a post, or a page. */
  async answer(request: FastifyRequest, reply: FastifyReply, result: PageDone | PageResult): Promise<FastifyReply> {
    if ('redirect' in result) return this.redirect(reply, result.redirect, result.flash);
    return this.render(request, reply, result.template, result.data, result.status);
  }

  /** 303 See Other (the browser follows with a GET), optionally with a success message for the next page. */
  redirect(reply: FastifyReply, to: string, flash?: Flash): FastifyReply {
    if (flash) setFlash(reply, flash, { secure: this.config.cookieSecure });
    return reply.header('Cache-Control', 'no-store').redirect(to, 303);
  }
}
