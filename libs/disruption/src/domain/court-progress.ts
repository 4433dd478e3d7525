import type { ApplicationStatus, CourtEventKind } from './vocabulary.js';

export type CourtStep = { allowed: true; status: ApplicationStatus } | { allowed: false; reason: string };

const DECIDED: readonly ApplicationStatus[] = ['order_made', 'order_refused'];

/**
 * Where an application stands after a step in court. The court sets its own timetable, so only the
 * order of things is checked: an application is filed before it is heard or decided, decided once,
 * and only an order that was made can be varied (further hearings may be listed for a variation).
 */
export function courtStep(status: ApplicationStatus, kind: CourtEventKind): CourtStep {
  const refuse = (reason: string): CourtStep => ({ allowed: false, reason });
  if (status === 'draft') return refuse('The application is still a draft: a decision maker must make it before it goes to court.');
  switch (kind) {
    case 'filed':
      return status === 'applied' ? { allowed: true, status: 'filed' } : refuse('The application has already been filed with the court.');
    case 'hearing_listed':
      if (status === 'applied') return refuse('Record that the application was filed before a hearing is listed.');
      if (status === 'order_refused') return refuse('The court refused the order: there is nothing left to hear.');
      return { allowed: true, status: status === 'order_made' ? 'order_made' : 'hearing_listed' };
    case 'order_made':
    case 'order_refused':
      if (status === 'applied') return refuse('Record that the application was filed before recording the court\'s decision.');
      if (DECIDED.includes(status)) return refuse('The court has already decided this application; record a variation of the order instead.');
      return { allowed: true, status: kind };
    case 'order_varied':
      return status === 'order_made' ? { allowed: true, status: 'order_made' } : refuse('Only an order the court has made can be varied.');
  }
}

/** Court events that decide the order, and so fire record_court_order on the case. */
export const DECIDING_EVENTS: readonly CourtEventKind[] = ['order_made', 'order_refused', 'order_varied'];

/** Court events the named third parties are told about. */
export const NOTIFIED_EVENTS: readonly CourtEventKind[] = ['order_made', 'order_varied'];
