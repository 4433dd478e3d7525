import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Clock, DomainError, Roles, hasRole, type Principal } from '@app/core';
import { londonDateOf } from '@app/deadlines';
import { CurrentPrincipal } from '@app/identity';
import { ParseIdPipe } from '@app/platform';
import { Pages, type ErrorSummaryItem } from '@app/web';
import { PENALTY_STATUSES } from '../assessments/penalty-account.js';
import { PenaltyAssessments, type PenaltyAssessmentView } from '../assessments/penalty-assessments.service.js';
import { formatPence } from '../money.js';
import { AGGRAVATING_FACTORS, MITIGATING_FACTORS, PenaltyCalculator, REVENUE_BASES, type PenaltyCalculation, type PenaltyStep } from '../penalty-calculator.js';
import { SERIOUSNESS_LEVELS } from '../penalty-policy.js';
import { PENALTY_STATUS_WORDS, PENALTY_STEP_NAMES } from '../penalty-words.js';
import {
  DATE_FIELDS,
  DATE_LABELS,
  FACTOR_WORDS,
  SERIOUSNESS_WORDS,
  anchorOf,
  pageErrors,
  parseAmount,
  readCalculatorForm,
  type DateField,
  type FormBody,
  type FormValues,
} from './calculator-form.js';

const READERS = ['admin', 'case_officer', 'decision_maker', 'analyst'] as const;
const CASEWORKERS = ['case_officer', 'decision_maker'] as const;

const REVENUE_BASIS_WORDS: Record<(typeof REVENUE_BASES)[number], string> = {
  provider_figure: "The provider's figure",
  regulator_estimate: "The regulator's estimate (prevails where the provider disagrees; a first period not yet ended)",
  group_revenue: "The group's revenue (group undertakings jointly and severally liable)",
};



const DATE_HINTS: Partial<Record<DateField, string>> = {
  periodStart: 'The most recent complete accounting period. Leave both dates empty for a 12-month period.',
  dailyLongStop: 'Optional. At most 60 days from the first day; without it, the 60th day.',
  dailyComplied: 'Optional. That day and later days do not accrue.',
  asOf: 'Optional. Without it, today.',
};

const signed = (pence: number): string => (pence > 0 ? `+${formatPence(pence)}` : formatPence(pence));

function stepsView(steps: readonly PenaltyStep[]) {
  return steps.map((s) => ({ name: PENALTY_STEP_NAMES[s.name], description: s.description, basis: s.basis, change: signed(s.changePence), amount: formatPence(s.amountPence) }));
}

function resultView(calculation: PenaltyCalculation) {
  const daily = calculation.dailyPenalty;
  return {
    statutoryMaximum: formatPence(calculation.statutoryMaximumPence),
    statutoryMaximumBasis: calculation.statutoryMaximumBasis,
    revenueExplanation: calculation.revenue.explanation,
    steps: stepsView(calculation.steps),
    penalty: formatPence(calculation.penaltyPence),
    maximumExposure: formatPence(calculation.maximumExposurePence),
    daily: daily
      ? {
          rate: formatPence(daily.ratePence),
          startsOn: daily.startsOn,
          longStopOn: daily.longStopOn,
          maxDays: daily.maxDays,
          maximumTotal: formatPence(daily.maximumTotalPence),
          asOf: daily.asOf,
          daysAccrued: daily.daysAccrued,
          accrued: formatPence(daily.accruedPence),
          explanation: daily.explanation,
        }
      : null,
    policyVersion: calculation.policyVersion,
    rounding: calculation.rounding,
  };
}

/**
 * The penalty calculator page (regulator roles; nothing is stored) and a case's penalties page: the
 * recorded calculation, payments and the running total, with forms to record a payment, the
 * provider's compliance with a daily penalty, and a referral for recovery. No JavaScript needed.
 */
@ApiExcludeController()
@Controller()
export class PenaltyPagesController {
  constructor(
    @Inject(PenaltyCalculator) private readonly calculator: PenaltyCalculator,
    @Inject(PenaltyAssessments) private readonly assessments: PenaltyAssessments,
    @Inject(Pages) private readonly pages: Pages,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  @Get('penalties/calculator')
  @Roles(...READERS)
  async calculatorForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<FastifyReply> {
    return this.renderCalculator(request, reply, { personType: 'provider', revenueEstablished: 'yes', revenueBasis: 'provider_figure', revenueCurrency: 'GBP' }, new Map(), null);
  }

  @Post('penalties/calculator')
  @Roles(...READERS)
  async calculate(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @Body() body: FormBody): Promise<FastifyReply> {
    const read = readCalculatorForm(body);
    if (read.errors.size > 0) return this.renderCalculator(request, reply, read.values, read.errors, null, 422);
    try {
      const calculation = this.calculator.calculate({ ...read.input, asOf: read.input.asOf ?? londonDateOf(this.clock.now()) });
      const decisionInput = { ...read.input };
      delete decisionInput.asOf;
      if (decisionInput.dailyPenalty) delete decisionInput.dailyPenalty.compliedOn;
      return this.renderCalculator(request, reply, read.values, new Map(), { ...resultView(calculation), decisionInput: JSON.stringify(decisionInput, null, 2) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'VALIDATION_FAILED') throw error;
      return this.renderCalculator(request, reply, read.values, pageErrors(read, error.extras.errors ?? []), null, 422);
    }
  }

  @Get('cases/:id/penalties')
  @Roles(...READERS)
  async casePenalties(@Req() request: FastifyRequest, @Res() reply: FastifyReply, @CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<FastifyReply> {
    return this.renderCase(request, reply, principal, id, {});
  }

  @Post('cases/:id/penalties/:penaltyId/payments')
  @Roles(...CASEWORKERS)
  async pay(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('penaltyId', ParseIdPipe) penaltyId: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const values = { amount: field(body, 'amount'), reference: field(body, 'reference'), ...dateValues(body, 'receivedOn') };
    const errors: Record<string, string> = {};
    const amountPence = parseAmount(values.amount);
    if (!values.amount) errors.amount = 'Enter the amount received';
    else if (amountPence === undefined || amountPence === 0) errors.amount = 'Enter the amount received in pounds, for example 250,000.00';
    const receivedOn = dateOf(values, 'receivedOn');
    if (!receivedOn) errors.receivedOn = 'Enter the date the payment was received, for example 10 6 2026';
    if (!values.reference) errors.reference = "Enter the payment's reference";
    return this.act(request, reply, principal, id, penaltyId, 'payment', values, errors, () =>
      this.assessments.recordPayment(principal, penaltyId, { amountPence: amountPence as number, receivedOn: receivedOn as string, reference: values.reference.slice(0, 200) }),
    );
  }

  @Post('cases/:id/penalties/:penaltyId/compliance')
  @Roles(...CASEWORKERS)
  async comply(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('penaltyId', ParseIdPipe) penaltyId: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const values = dateValues(body, 'compliedOn');
    const compliedOn = dateOf(values, 'compliedOn');
    const errors: Record<string, string> = compliedOn ? {} : { compliedOn: 'Enter the date the provider complied, for example 20 6 2026' };
    return this.act(request, reply, principal, id, penaltyId, 'compliance', values, errors, () => this.assessments.recordCompliance(principal, penaltyId, compliedOn as string));
  }

  @Post('cases/:id/penalties/:penaltyId/recovery-referral')
  @Roles(...CASEWORKERS)
  async refer(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseIdPipe) id: string,
    @Param('penaltyId', ParseIdPipe) penaltyId: string,
    @Body() body: FormBody,
  ): Promise<FastifyReply> {
    const values = { reason: field(body, 'reason', 2000) };
    const errors: Record<string, string> = values.reason ? {} : { reason: 'Enter why the penalty is referred for recovery' };
    return this.act(request, reply, principal, id, penaltyId, 'referral', values, errors, () => this.assessments.referForRecovery(principal, penaltyId, values.reason));
  }

  private async act(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    caseId: string,
    penaltyId: string,
    form: 'payment' | 'compliance' | 'referral',
    values: FormValues,
    errors: Record<string, string>,
    run: () => Promise<PenaltyAssessmentView>,
  ): Promise<FastifyReply> {
    const penalty = await this.assessments.get(penaltyId);
    if (penalty.caseId !== caseId) throw new DomainError('PENALTY_ASSESSMENT_NOT_FOUND', 'There is no penalty with that id on this case.');
    const refused = (messages: Record<string, string>, status: number) =>
      this.renderCase(request, reply, principal, caseId, { penaltyId, form, values, errors: messages }, status);
    if (Object.keys(errors).length > 0) return refused(errors, 422);
    try {
      await run();
    } catch (error) {
      if (!(error instanceof DomainError) || error.status >= 500 || error.code === 'PENALTY_ASSESSMENT_NOT_FOUND') throw error;
      const fieldName = error.extras.errors?.[0]?.field;
      const target = fieldName === 'amountPence' ? 'amount' : (fieldName ?? { payment: 'amount', compliance: 'compliedOn', referral: 'reason' }[form]);
      return refused({ [target]: error.detail }, error.status);
    }
    const heading = { payment: 'Payment recorded', compliance: 'Compliance recorded', referral: 'Referred for recovery' }[form];
    return this.pages.redirect(reply, `/cases/${caseId}/penalties#penalty-${penaltyId}`, { heading });
  }

  private renderCalculator(
    request: FastifyRequest,
    reply: FastifyReply,
    values: FormValues,
    errors: Map<string, string>,
    result: (ReturnType<typeof resultView> & { decisionInput: string }) | null,
    status = 200,
  ): Promise<FastifyReply> {
    const e = Object.fromEntries(errors);
    const radio = <T extends string>(name: string, options: readonly T[], words: (o: T) => string) =>
      options.map((value) => ({ value, text: words(value), checked: values[name] === value }));
    const dates = Object.fromEntries(
      DATE_FIELDS.map((name) => [
        name,
        { name, legend: DATE_LABELS[name], hint: DATE_HINTS[name], error: e[name], day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] },
      ]),
    );
    const factorRows = (kind: 'aggravating' | 'mitigating', all: readonly string[]) =>
      all.map((factor) => {
        const id = `${kind}-${factor}`;
        return { id, label: FACTOR_WORDS[factor as keyof typeof FACTOR_WORDS], value: values[id], error: e[id], other: factor === 'other', description: { id: `${id}-description`, value: values[`${id}-description`], error: e[`${id}-description`] } };
      });
    const order = [
      'personType',
      'revenueEstablished',
      'revenueBasis',
      'revenueCurrency',
      'revenueAmount',
      'conversionRate',
      'conversionRateDate',
      'conversionRateSource',
      'periodStart',
      'periodEnd',
      'seriousness',
      'contraventionMonths',
      'overrideAmount',
      'overrideReason',
      ...AGGRAVATING_FACTORS.flatMap((f) => [`aggravating-${f}`, `aggravating-${f}-description`]),
      ...MITIGATING_FACTORS.flatMap((f) => [`mitigating-${f}`, `mitigating-${f}-description`]),
      'deterrencePercent',
      'deterrenceReason',
      'settlementDiscountPercent',
      'dailyRate',
      'dailyStart',
      'dailyLongStop',
      'dailyComplied',
      'asOf',
    ];
    const errorList: ErrorSummaryItem[] = [...errors.entries()]
      .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
      .map(([name, message]) => ({ href: anchorOf(name), message }));
    return this.pages.render(
      request,
      reply,
      'pages/penalties/calculator',
      {
        title: 'Penalty calculator',
        values,
        errors: e,
        errorList,
        dates,
        personTypes: radio('personType', ['provider', 'non_provider'] as const, (v) =>
          v === 'provider' ? 'A provider of a regulated service' : 'A person who is not a provider (for example a third party given an information notice)',
        ),
        established: radio('revenueEstablished', ['yes', 'no'] as const, (v) =>
          v === 'yes' ? 'Yes' : 'No: no complete accounting period, or the figure is not determined (the maximum is £18,000,000)',
        ),
        revenueBases: radio('revenueBasis', REVENUE_BASES, (v) => REVENUE_BASIS_WORDS[v]),
        seriousnessLevels: [
          { value: '', text: 'Not assessed (calculate the statutory maximum only)', checked: !values.seriousness },
          ...radio('seriousness', SERIOUSNESS_LEVELS, (v) => SERIOUSNESS_WORDS[v]),
        ],
        aggravating: factorRows('aggravating', AGGRAVATING_FACTORS),
        mitigating: factorRows('mitigating', MITIGATING_FACTORS),
        policy: this.calculator.policy,
        result,
      },
      status,
    );
  }

  private async renderCase(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    caseId: string,
    failed: { penaltyId?: string; form?: string; values?: FormValues; errors?: Record<string, string> },
    status = 200,
  ): Promise<FastifyReply> {
    const { caseReference, asOf, assessments } = await this.assessments.forCase(caseId);
    const canAct = CASEWORKERS.some((role) => hasRole(principal, role));
    const errorList: ErrorSummaryItem[] = Object.entries(failed.errors ?? {}).map(([name, message]) => ({
      href: `#${failed.form}-${failed.penaltyId}-${name}${name === 'receivedOn' || name === 'compliedOn' ? '-day' : ''}`,
      message,
    }));
    const items = assessments.map((a) => {
      const mine = failed.penaltyId === a.id ? failed : {};
      const formFor = (form: string, fields: string[], dateField?: string) => {
        const values = mine.form === form ? (mine.values ?? {}) : {};
        const errors = mine.form === form ? (mine.errors ?? {}) : {};
        const ids = Object.fromEntries(fields.map((f) => [f, `${form}-${a.id}-${f}`]));
        const date = dateField
          ? { id: ids[dateField], name: dateField, error: errors[dateField], day: values[`${dateField}-day`], month: values[`${dateField}-month`], year: values[`${dateField}-year`] }
          : undefined;
        return { values, errors, ids, ...(dateField ? { [dateField]: date } : {}) };
      };
      return {
        id: a.id,
        decidedOn: a.decidedOn,
        status: PENALTY_STATUS_WORDS[a.status],
        penalty: formatPence(a.penaltyPence),
        totalDue: formatPence(a.totalDuePence),
        paid: formatPence(a.paidPence),
        outstanding: formatPence(a.outstandingPence),
        dueOn: a.dueOn,
        statutoryMaximum: formatPence(a.statutoryMaximumPence),
        statutoryMaximumBasis: a.statutoryMaximumBasis,
        inputsRecorded: a.inputsRecorded,
        revenueExplanation: a.revenueExplanation,
        steps: stepsView(a.steps),
        daily: a.daily
          ? { rate: formatPence(a.daily.ratePence), startsOn: a.daily.startsOn, longStopOn: a.daily.longStopOn, daysAccrued: a.daily.daysAccrued, accrued: formatPence(a.daily.accruedPence), running: a.daily.running, compliedOn: a.daily.compliedOn }
          : null,
        payments: a.payments.map((p) => ({ ...p, amount: formatPence(p.amountPence) })),
        referral: a.referral,
        explanation: a.explanation,
        policyVersion: a.policyVersion,
        calculatorVersion: a.calculatorVersion,
        recordedBy: a.recordedBy,
        canPay: canAct && a.outstandingPence > 0,
        canComply: canAct && a.daily !== null && a.compliance === null,
        canRefer: canAct && a.status === 'overdue',
        paymentForm: formFor('payment', ['amount', 'receivedOn', 'reference'], 'receivedOn'),
        complianceForm: formFor('compliance', ['compliedOn'], 'compliedOn'),
        referralForm: formFor('referral', ['reason']),
      };
    });
    return this.pages.render(
      request,
      reply,
      'pages/penalties/case',
      {
        title: `Penalties – ${caseReference}`,
        caseId,
        caseReference,
        asOf,
        items,
        errorList,
        statuses: PENALTY_STATUSES,
        backLink: { href: `/cases/${caseId}`, text: `Case ${caseReference}` },
      },
      status,
    );
  }
}

function field(body: FormBody, name: string, max = 200): string {
  const value = body?.[name];
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

function dateValues(body: FormBody, name: string): FormValues {
  return { [`${name}-day`]: field(body, `${name}-day`, 4), [`${name}-month`]: field(body, `${name}-month`, 4), [`${name}-year`]: field(body, `${name}-year`, 4) };
}

function dateOf(values: FormValues, name: string): string | undefined {
  const [d, m, y] = [values[`${name}-day`] ?? '', values[`${name}-month`] ?? '', values[`${name}-year`] ?? ''];
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : undefined;
}
