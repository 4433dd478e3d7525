import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { setFlash, takeFlash, type Flash } from './flash.js';
import { renderView } from './page-context.js';

/** What controllers use to answer a browser: render a page (with any pending flash message) or redirect. */
@Injectable()
export class Pages {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Renders views/<template>.hbs, e.g. "pages/admin/users/index". */
  render(request: FastifyRequest, reply: FastifyReply, template: string, data: Record<string, unknown> = {}, status = 200): Promise<FastifyReply> {
    const flash = takeFlash(request, reply, { secure: this.config.cookieSecure });
    return renderView(request, reply, template, { flash, ...data }, status);
  }

  /** 303 See Other (the browser follows with a GET), optionally with a success message for the next page. */
  redirect(reply: FastifyReply, to: string, flash?: Flash): FastifyReply {
    if (flash) setFlash(reply, flash, { secure: this.config.cookieSecure });
    return reply.header('Cache-Control', 'no-store').redirect(to, 303);
  }
}
