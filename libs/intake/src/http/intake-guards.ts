import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor, type NestMiddleware } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import { Clock, DomainError, RequestContext } from '@app/core';
import { isMediaUploadContentType, MEDIA_REFUSAL_REASON, refuseMediaIn } from '../domain/media.js';
import { AnonymousThrottle } from '../domain/throttle.js';
import { INTAKE_CONFIG, type IntakeConfig } from '../intake-config.js';

/** Refuses file uploads (images, videos, multipart forms, raw bytes) before the body is read. */
@Injectable()
export class RefuseMediaUploadMiddleware implements NestMiddleware {
  use(request: { headers: Record<string, string | string[] | undefined> }, _response: unknown, next: (error?: unknown) => void): void {
    const type = request.headers['content-type'];
    if (isMediaUploadContentType(Array.isArray(type) ? type[0] : type)) {
      next(new DomainError('MEDIA_NOT_ACCEPTED', `Uploads are not accepted here. ${MEDIA_REFUSAL_REASON}`));
      return;
    }
    next();
  }
}

/** The per-address limit on anonymous submissions, shared by the API and the complaints form. */
@Injectable()
export class IntakeThrottle {
  private readonly throttle: AnonymousThrottle;

  constructor(
    @Inject(INTAKE_CONFIG) config: IntakeConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.throttle = new AnonymousThrottle(config.anonymousLimit, config.anonymousWindowSeconds * 1000);
  }

  /** Counts an anonymous submission from this address; 429 RATE_LIMITED when over the limit. */
  take(ip: string | undefined): void {
    const wait = this.throttle.take(ip ?? 'unknown', this.clock.now().getTime());
    if (wait !== undefined) {
      throw new DomainError('RATE_LIMITED', `Too many reports from your connection. Try again in ${Math.ceil(wait / 60)} minute(s).`, { retryAfterSeconds: wait });
    }
  }
}

/** Before validation: refuses images or videos smuggled into JSON fields, then throttles anonymous callers. */
@Injectable()
export class IntakeRequestInterceptor implements NestInterceptor {
  constructor(@Inject(IntakeThrottle) private readonly throttle: IntakeThrottle) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    refuseMediaIn(request.body);
    if (!RequestContext.current()?.principal) this.throttle.take(request.ip);
    return next.handle();
  }
}
