import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock, DomainError, Public, RequestContext } from '@app/core';
import { APP_CONFIG, type AppConfig } from '@app/platform';
import { normaliseUrl } from '@app/registry';
import { HARM_CATEGORIES, HARM_LABELS, PRIORITY_ILLEGAL_HARMS, type HarmCategory } from '@app/triage';
import { errorSummary, listField, looksLikeEmail, Pages, textField, type FieldErrors, type FormBody } from '@app/web';
import { IntakeQueries } from '../application/intake-queries.js';
import { SubmitIntake } from '../application/submit-intake.js';
import { parseIntakeInput } from '../domain/intake-input.js';
import { detectMediaInText, MEDIA_REFUSAL_REASON } from '../domain/media.js';
import { ComplaintDrafts, type ComplaintDraft } from '../infrastructure/complaint-drafts.js';
import { IntakeThrottle } from './intake-guards.js';

const DRAFT_COOKIE = 'osa_complaint';
const DONE_COOKIE = 'osa_complaint_done';
const VIEWS = 'pages/complaints';

/** The questions, one per page, in order. */
const STEPS = ['service', 'harm', 'description', 'when', 'links', 'children', 'contact', 'contact-details'] as const;
type Step = (typeof STEPS)[number];

const MEDIA_MESSAGE = 'Do not paste images or videos. Describe what you saw, or give a link to where it is.';

function harmItems(selected: string[]): { value: string; text: string; checked: boolean }[] {
  const order = [...PRIORITY_ILLEGAL_HARMS, ...HARM_CATEGORIES.filter((h) => !(PRIORITY_ILLEGAL_HARMS as readonly string[]).includes(h))];
  return order.map((h) => ({ value: h, text: HARM_LABELS[h as HarmCategory], checked: selected.includes(h) }));
}

function nextStep(step: Step, draft: ComplaintDraft): string {
  if (step === 'contact' && draft.wantsContact === 'yes') return 'contact-details';
  if (draft.checking) return 'check';
  const index = STEPS.indexOf(step);
  if (step === 'contact' || step === 'contact-details' || index === STEPS.length - 1) return 'check';
  return STEPS[index + 1] as string;
}

function previousStep(step: Step, draft: ComplaintDraft): string {
  if (step === 'service') return '/complaints';
  if (step === 'contact-details') return '/complaints/contact';
  return `/complaints/${STEPS[STEPS.indexOf(step) - 1] as string}${draft.checking ? '' : ''}`;
}

/**
 * The public complaints form: GOV.UK pattern, one question per page, plain HTML forms that work
 * without JavaScript. Answers are kept in a sealed server-side draft named by a signed cookie, and
 * filed through the same intake use case as the API.
 */
@ApiExcludeController()
@Controller('complaints')
export class ComplaintsPagesController {
  constructor(
    @Inject(Pages) private readonly pages: Pages,
    @Inject(ComplaintDrafts) private readonly drafts: ComplaintDrafts,
    @Inject(SubmitIntake) private readonly submit: SubmitIntake,
    @Inject(IntakeQueries) private readonly queries: IntakeQueries,
    @Inject(IntakeThrottle) private readonly throttle: IntakeThrottle,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  private draftId(request: FastifyRequest): string | undefined {
    const raw = request.cookies?.[DRAFT_COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid && unsigned.value ? unsigned.value : undefined;
  }

  private async load(request: FastifyRequest): Promise<{ id: string | undefined; draft: ComplaintDraft }> {
    const id = this.draftId(request);
    const draft = id ? await this.drafts.get(id) : null;
    return { id: draft ? id : undefined, draft: draft ?? {} };
  }

  private async store(reply: FastifyReply, id: string | undefined, draft: ComplaintDraft): Promise<void> {
    if (id) return this.drafts.save(id, draft);
    const created = await this.drafts.create(draft);
    reply.setCookie(DRAFT_COOKIE, created, { path: '/complaints', httpOnly: true, sameSite: 'lax', secure: this.config.cookieSecure, signed: true, maxAge: 24 * 3600 });
  }

  @Public()
  @Get()
  start(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.pages.render(request, reply, `${VIEWS}/start`, { mediaReason: MEDIA_REFUSAL_REASON });
  }

  @Public()
  @Get('status')
  async status(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('reference') reference?: string): Promise<FastifyReply> {
    if (reference === undefined) return this.pages.render(request, reply, `${VIEWS}/status`, { errors: {} });
    const value = typeof reference === 'string' ? reference.trim().slice(0, 40) : '';
    const errors: FieldErrors = {};
    if (value === '') errors.reference = 'Enter your reference, like INT-7K3M9-QX2AB';
    else {
      try {
        const result = await this.queries.publicStatus(value);
        return this.pages.render(request, reply, `${VIEWS}/status`, { errors, reference: value, result });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'NOT_FOUND') throw error;
        errors.reference = 'We could not find a report with that reference. Check it against your acknowledgement';
      }
    }
    return this.pages.render(request, reply, `${VIEWS}/status`, { errors, errorList: errorSummary(errors), reference: value }, 422);
  }

  @Public()
  @Get('confirmation')
  confirmation(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> | FastifyReply {
    const raw = request.cookies?.[DONE_COOKIE];
    const unsigned = raw ? request.unsignCookie(raw) : undefined;
    if (!unsigned?.valid || !unsigned.value) return this.pages.redirect(reply, '/complaints');
    const [reference, emailed] = unsigned.value.split('|');
    return this.pages.render(request, reply, `${VIEWS}/confirmation`, { reference, emailed: emailed === '1' });
  }

  @Public()
  @Get('check')
  async check(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { id, draft } = await this.load(request);
    if (!id) return this.pages.redirect(reply, '/complaints/service');
    return this.renderCheck(request, reply, draft, {});
  }

  @Public()
  @Post('check')
  async send(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    const { id, draft } = await this.load(request);
    if (!id) return this.pages.redirect(reply, '/complaints/service');
    const principal = RequestContext.current()?.principal;
    if (!principal) this.throttle.take(request.ip);
    const links = (draft.links ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const raw = {
      source: 'complaint',
      serviceUrl: draft.serviceUrl,
      harmCategories: draft.harmCategories,
      description: draft.description,
      occurredOn: draft.occurredOn,
      childrenLikely: draft.childrenLikely === 'yes',
      evidence: links.length > 0 ? links.map((url) => ({ url })) : undefined,
      complaint: { channel: 'portal' },
      reporter: draft.wantsContact === 'yes' ? { name: draft.name || undefined, email: draft.email } : undefined,
    };
    let result;
    try {
      const command = parseIntakeInput(raw, { today: this.today() });
      result = await this.submit.execute(command, { via: 'form', principal });
    } catch (error) {
      if (!(error instanceof DomainError) || !['VALIDATION_FAILED', 'INVALID_URL', 'MEDIA_IN_FIELD'].includes(error.code)) throw error;
      return this.renderCheck(request, reply, draft, { answers: 'Some answers need changing: ' + error.detail }, 422);
    }
    await this.drafts.delete(id);
    reply.clearCookie(DRAFT_COOKIE, { path: '/complaints' });
    reply.setCookie(DONE_COOKIE, `${result.reference}|${draft.wantsContact === 'yes' ? '1' : '0'}`, {
      path: '/complaints',
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.cookieSecure,
      signed: true,
      maxAge: 3600,
    });
    return this.pages.redirect(reply, '/complaints/confirmation');
  }

  @Public()
  @Get(':step')
  async question(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('step') step: string): Promise<FastifyReply> {
    if (!(STEPS as readonly string[]).includes(step)) throw new DomainError('ROUTE_NOT_FOUND', 'There is no such page.');
    const { draft } = await this.load(request);
    return this.renderStep(request, reply, step as Step, draft, {});
  }

  @Public()
  @Post(':step')
  async answer(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Param('step') step: string, @Body() body: FormBody): Promise<FastifyReply> {
    if (!(STEPS as readonly string[]).includes(step)) throw new DomainError('ROUTE_NOT_FOUND', 'There is no such page.');
    const { id, draft } = await this.load(request);
    const errors: FieldErrors = {};
    const next: ComplaintDraft = { ...draft };
    switch (step as Step) {
      case 'service': {
        const value = textField(body, 'serviceUrl', { maxLength: 2100 });
        next.serviceUrl = value;
        if (value === '') errors.serviceUrl = 'Enter the web address of the site or app, like www.example.com';
        else {
          try {
            normaliseUrl(value, 'serviceUrl');
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            errors.serviceUrl = detectMediaInText(value) ? MEDIA_MESSAGE : 'Enter a web address in the correct format, like www.example.com';
          }
        }
        break;
      }
      case 'harm': {
        const selected = listField(body, 'harmCategories').filter((h) => (HARM_CATEGORIES as readonly string[]).includes(h));
        next.harmCategories = selected;
        if (selected.length === 0) errors.harmCategories = 'Select what you saw';
        break;
      }
      case 'description': {
        const value = textField(body, 'description', { maxLength: 25000 });
        next.description = value;
        if (value === '') errors.description = 'Tell us what happened';
        else if (detectMediaInText(value)) errors.description = MEDIA_MESSAGE;
        else if (value.length > 20000) errors.description = 'What happened must be 20,000 characters or fewer';
        break;
      }
      case 'when': {
        const day = textField(body, 'occurredDay', { maxLength: 4 });
        const month = textField(body, 'occurredMonth', { maxLength: 4 });
        const year = textField(body, 'occurredYear', { maxLength: 6 });
        Object.assign(next, { occurredDay: day, occurredMonth: month, occurredYear: year, occurredOn: undefined });
        if (day || month || year) {
          const iso = `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
          const date = new Date(`${iso}T00:00:00Z`);
          if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso || Number(year) < 1990) {
            errors.occurredDay = 'The date you saw it must be a real date, like 27 3 2026';
          } else if (iso > this.today()) errors.occurredDay = 'The date you saw it must be today or in the past';
          else next.occurredOn = iso;
        }
        break;
      }
      case 'links': {
        const value = textField(body, 'links', { maxLength: 25000 });
        next.links = value;
        const lines = value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
        if (lines.length > 20) errors.links = 'Give 20 links or fewer';
        const bad = lines.find((line) => {
          try {
            normaliseUrl(line, 'links');
            return false;
          } catch {
            return true;
          }
        });
        if (!errors.links && bad !== undefined) errors.links = detectMediaInText(bad) ? MEDIA_MESSAGE : `"${bad.slice(0, 60)}" is not a web address. Put one link on each line`;
        break;
      }
      case 'children': {
        const value = textField(body, 'childrenLikely');
        if (!['yes', 'no', 'unknown'].includes(value)) errors.childrenLikely = 'Select whether a child is likely to be affected';
        else next.childrenLikely = value as ComplaintDraft['childrenLikely'];
        break;
      }
      case 'contact': {
        const value = textField(body, 'wantsContact');
        if (!['yes', 'no'].includes(value)) errors.wantsContact = 'Select yes if you want us to contact you';
        else next.wantsContact = value as ComplaintDraft['wantsContact'];
        if (value === 'no') Object.assign(next, { name: undefined, email: undefined });
        break;
      }
      case 'contact-details': {
        const name = textField(body, 'name', { maxLength: 300 });
        const email = textField(body, 'email', { maxLength: 320 });
        Object.assign(next, { name, email });
        if (email === '') errors.email = 'Enter your email address';
        else if (!looksLikeEmail(email)) errors.email = 'Enter an email address in the correct format, like name@example.com';
        break;
      }
    }
    if (Object.keys(errors).length > 0) return this.renderStep(request, reply, step as Step, next, errors, 422);
    await this.store(reply, id, next);
    return this.pages.redirect(reply, `/complaints/${nextStep(step as Step, next)}`);
  }

  private renderStep(request: FastifyRequest, reply: FastifyReply, step: Step, draft: ComplaintDraft, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    return this.pages.render(
      request,
      reply,
      `${VIEWS}/${step}`,
      {
        draft,
        errors,
        errorList: errorSummary(errors),
        backLink: { href: draft.checking && step !== 'contact-details' ? '/complaints/check' : previousStep(step, draft) },
        harmItems: harmItems(draft.harmCategories ?? []),
        childrenItems: [
          { value: 'yes', text: 'Yes', checked: draft.childrenLikely === 'yes' },
          { value: 'no', text: 'No', checked: draft.childrenLikely === 'no' },
          { value: 'unknown', text: 'I do not know', checked: draft.childrenLikely === 'unknown' },
        ],
        contactItems: [
          { value: 'yes', text: 'Yes', checked: draft.wantsContact === 'yes' },
          { value: 'no', text: 'No, I want to stay anonymous', checked: draft.wantsContact === 'no' },
        ],
        mediaReason: MEDIA_REFUSAL_REASON,
      },
      status,
    );
  }

  private async renderCheck(request: FastifyRequest, reply: FastifyReply, draft: ComplaintDraft, errors: FieldErrors, status = 200): Promise<FastifyReply> {
    if (!draft.checking) {
      draft.checking = true;
      const id = this.draftId(request);
      if (id) await this.drafts.save(id, draft);
    }
    const harms = (draft.harmCategories ?? []).map((h) => HARM_LABELS[h as HarmCategory] ?? h);
    const links = (draft.links ?? '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    const rows = [
      { key: 'Site or app', value: draft.serviceUrl || 'Not given', href: '/complaints/service', field: 'the web address' },
      { key: 'What you saw', lines: harms, href: '/complaints/harm', field: 'what you saw' },
      { key: 'What happened', value: draft.description || 'Not given', href: '/complaints/description', field: 'what happened' },
      { key: 'When you saw it', value: draft.occurredOn ? new Date(`${draft.occurredOn}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }) : 'Not given', href: '/complaints/when', field: 'when you saw it' },
      { key: 'Links', lines: links.length ? links : ['None'], href: '/complaints/links', field: 'the links' },
      { key: 'A child likely to be affected', value: { yes: 'Yes', no: 'No', unknown: 'I do not know' }[draft.childrenLikely ?? 'unknown'] ?? 'Not given', href: '/complaints/children', field: 'whether a child is affected' },
      {
        key: 'Contact you',
        value: draft.wantsContact === 'yes' ? [draft.name, draft.email].filter(Boolean).join(', ') : 'No, stay anonymous',
        href: '/complaints/contact',
        field: 'whether we contact you',
      },
    ];
    return this.pages.render(request, reply, `${VIEWS}/check`, { rows, errors, errorList: errorSummary(errors), backLink: { href: '/complaints/contact' } }, status);
  }
}
