import { CLOSURE_OUTCOME_LABELS, type ClosureOutcome } from '@app/documents';
import type { DecisionKind } from './vocabulary.js';

/** Pounds as people read them: £1,250,000 or £12,500.50. */
export function formatPounds(pence: number): string {
  const pounds = Math.floor(pence / 100);
  const rest = pence % 100;
  return `£${pounds.toLocaleString('en-GB')}${rest === 0 ? '' : `.${String(rest).padStart(2, '0')}`}`;
}

/** What a proposed update says about an event, in plain words; the officer edits it before approval. */
export function proposedUpdateText(event: string, facts: { provisions: readonly string[]; penaltyPence: number | null; outcome: string | null }): string {
  switch (event) {
    case 'open_investigation':
      return facts.provisions.length > 0
        ? `We opened an investigation into whether the provider has complied with its duties under ${facts.provisions.join(', ')} of the Online Safety Act 2023.`
        : 'We opened an investigation into whether the provider has complied with its duties under the Online Safety Act 2023.';
    case 'issue_provisional_notice':
      return 'We issued a provisional notice of contravention to the provider. The provider may make representations before we make our final decision.';
    case 'issue_confirmation_decision':
      return facts.penaltyPence !== null
        ? `We issued a confirmation decision finding that the provider contravened its duties, and imposed a penalty of ${formatPounds(facts.penaltyPence)}.`
        : 'We issued a confirmation decision finding that the provider contravened its duties, and requiring it to take steps to comply.';
    case 'record_non_compliance':
      return 'The provider did not comply with the confirmation decision by the deadline.';
    case 'apply_for_business_disruption':
      return 'We applied to the court for a business disruption order.';
    case 'confirm_compliance':
      return 'The provider complied with the confirmation decision. We have closed the case.';
    case 'close':
      return facts.outcome ? `We closed the case. Outcome: ${CLOSURE_OUTCOME_LABELS[facts.outcome as ClosureOutcome] ?? facts.outcome}.` : 'We closed the case.';
    case 'reopen':
      return 'We reopened the case.';
    default:
      return 'The case moved to a new stage.';
  }
}

/** The kind of decision an event's issued document is, when it is one to link from the entry. */
export function decisionKindOf(event: string): DecisionKind | null {
  switch (event) {
    case 'issue_provisional_notice':
      return 'provisional_notice';
    case 'issue_confirmation_decision':
      return 'confirmation_decision';
    case 'close':
    case 'confirm_compliance':
      return 'closure';
    default:
      return null;
  }
}

/** The text of an issued HTML document, paragraphs kept as lines, for the officer to mark up. */
export function textOfHtml(html: string): string {
  const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|dd|dt|section|header|footer|table)>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
}
