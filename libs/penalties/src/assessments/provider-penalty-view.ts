import { formatPence } from '../money.js';
import type { PenaltyStep } from '../penalty-calculator.js';
import type { PenaltyStatus } from './penalty-account.js';
import type { PenaltyAssessmentView } from './penalty-assessments.service.js';

/** A step of the calculation as the confirmation decision recorded it, with its amounts formatted. */
export interface ProviderPenaltyStep extends PenaltyStep {
  amount: string;
  change: string;
}

/**
 * A penalty as the provider it was imposed on sees it: what the confirmation decision told it (the
 * amount, the calculation, the due date and the daily rate) and where payment stands today. No officer
 * names, audit references, calculation inputs or referral reasons: those are the regulator's own.
 */
export interface ProviderPenaltyView {
  id: string;
  caseReference: string;
  serviceName: string;
  decidedOn: string;
  asOf: string;
  status: PenaltyStatus;
  penaltyPence: number;
  penalty: string;
  steps: ProviderPenaltyStep[];
  dueOn: string;
  totalDuePence: number;
  totalDue: string;
  paidPence: number;
  paid: string;
  outstandingPence: number;
  outstanding: string;
  daily: {
    ratePence: number;
    rate: string;
    startsOn: string;
    longStopOn: string;
    compliedOn: string | null;
    daysAccrued: number;
    accruedPence: number;
    accrued: string;
    running: boolean;
  } | null;
  payments: { receivedOn: string; amountPence: number; amount: string }[];
  explanation: string[];
}

const signed = (pence: number): string => (pence > 0 ? `+${formatPence(pence)}` : formatPence(pence));

/** The provider's view of a penalty: only what the decision gave it and the running account. */
export function providerPenaltyView(penalty: PenaltyAssessmentView, serviceName: string): ProviderPenaltyView {
  const daily = penalty.daily;
  return {
    id: penalty.id,
    caseReference: penalty.caseReference,
    serviceName,
    decidedOn: penalty.decidedOn,
    asOf: penalty.asOf,
    status: penalty.status,
    penaltyPence: penalty.penaltyPence,
    penalty: formatPence(penalty.penaltyPence),
    steps: penalty.steps.map((s) => ({ ...s, amount: formatPence(s.amountPence), change: signed(s.changePence) })),
    dueOn: penalty.dueOn,
    totalDuePence: penalty.totalDuePence,
    totalDue: formatPence(penalty.totalDuePence),
    paidPence: penalty.paidPence,
    paid: formatPence(penalty.paidPence),
    outstandingPence: penalty.outstandingPence,
    outstanding: formatPence(penalty.outstandingPence),
    daily: daily
      ? {
          ratePence: daily.ratePence,
          rate: formatPence(daily.ratePence),
          startsOn: daily.startsOn,
          longStopOn: daily.longStopOn,
          compliedOn: daily.compliedOn,
          daysAccrued: daily.daysAccrued,
          accruedPence: daily.accruedPence,
          accrued: formatPence(daily.accruedPence),
          running: daily.running,
        }
      : null,
    payments: penalty.payments.map((p) => ({ receivedOn: p.receivedOn, amountPence: p.amountPence, amount: formatPence(p.amountPence) })),
    explanation: penalty.explanation,
  };
}
