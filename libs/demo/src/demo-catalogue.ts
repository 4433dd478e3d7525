import type { CaseEvent, HarmCategory, Jurisdiction } from '@app/cases';
import type { DomainRelation, ServiceType, Categorisation } from '@app/registry';

/**
 * The demo world: a few fictional providers and services, and enforcement cases spread over the last
 * two years, each told as the steps that really happened and when. Every name, address and domain is
 * invented (domains end in .example, which can never be registered).
 */

export type DemoActor = 'officer' | 'officer2' | 'decider';
export type DemoServiceKey = 'peepvault' | 'velvetline' | 'demodrop' | 'scarletbay' | 'chatterbox';
export type DemoCaseKey = 'c1' | 'c2' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7' | 'c8' | 'c9' | 'c10' | 'c11';

export interface DemoProvider {
  name: string;
  legalEntity: string;
  jurisdiction: string | null;
  noticeContact: string;
  /** Linked to the demo provider organisation, so provider@demo.test sees its notices. */
  demoOrganisation?: boolean;
  addressLines: string[];
  contactName: string;
}

export interface DemoService {
  name: string;
  provider: DemoProvider;
  serviceType: ServiceType;
  categorisation: Categorisation;
  ukUsersEstimate: number;
  domains: { domain: string; relation: DomainRelation; daysAgo: number; evidence: string }[];
}

export interface DemoStep {
  daysAgo: number;
  /** Hour of the day (UTC) it happened; steps of a case are in order. */
  hour?: number;
  as: DemoActor;
  event: CaseEvent;
  data?: Record<string, unknown> | ((ids: Map<DemoCaseKey, string>) => Record<string, unknown>);
}

export interface DemoCase {
  key: DemoCaseKey;
  title: string;
  service: DemoServiceKey;
  /** The address the case was opened with (a mirror, say); otherwise the registered service. */
  serviceUrl?: string;
  harms: HarmCategory[];
  jurisdiction?: Jurisdiction;
  openedDaysAgo: number;
  openedBy: DemoActor;
  steps: DemoStep[];
}

/** Why every demo step carries occurredAt: it is history, recorded now. */
export const DEMO_REASON = 'Demo history';

const DEMO_PLATFORM: DemoProvider = {
  name: 'Demo Platform Ltd',
  legalEntity: 'Demo Platform Ltd (company number 00000001)',
  jurisdiction: 'United Kingdom',
  noticeContact: 'provider@demo.test',
  demoOrganisation: true,
  addressLines: ['4 Example Yard', 'Manchester', 'M1 9ZZ'],
  contactName: 'Priya Provider, Head of Trust and Safety',
};

export const DEMO_SERVICES: Record<DemoServiceKey, DemoService> = {
  peepvault: {
    name: 'Peepvault',
    provider: {
      name: 'Operator of Peepvault',
      legalEntity: 'Unidentified operator of peepvault.example',
      jurisdiction: null,
      noticeContact: 'abuse@peepvault.example',
      addressLines: ['Address not known: served by email to the contact published on the site'],
      contactName: 'The site operator',
    },
    serviceType: 'user_to_user',
    categorisation: 'uncategorised',
    ukUsersEstimate: 350_000,
    domains: [
      { domain: 'peepvault.example', relation: 'primary', daysAgo: 480, evidence: 'The domain named in the first complaints' },
      { domain: 'peep-vault.example', relation: 'mirror', daysAgo: 200, evidence: 'Same albums, page layout and upload form as peepvault.example, found by the enforcement team' },
      { domain: 'peepvault-mirror.example', relation: 'mirror', daysAgo: 120, evidence: 'Linked from the operator\'s channel as a "backup address"' },
      { domain: 'peepvault2.example', relation: 'successor', daysAgo: 60, evidence: 'The old front page announced the move to this domain' },
    ],
  },
  velvetline: {
    name: 'Velvetline',
    provider: {
      name: 'Copperfield Adult Media Ltd',
      legalEntity: 'Copperfield Adult Media Ltd',
      jurisdiction: 'United Kingdom',
      noticeContact: 'compliance@velvetline.example',
      addressLines: ['Suite 9, Lanternmaker House', '18 Quayside Walk', 'Bristol', 'BS1 9ZZ'],
      contactName: 'Morgan Hale, Compliance Director',
    },
    serviceType: 'pornography_provider',
    categorisation: 'uncategorised',
    ukUsersEstimate: 2_400_000,
    domains: [{ domain: 'velvetline.example', relation: 'primary', daysAgo: 720, evidence: 'Registered from the provider\'s own notification' }],
  },
  demodrop: {
    name: 'DemoDrop',
    provider: DEMO_PLATFORM,
    serviceType: 'user_to_user',
    categorisation: 'category_2b',
    ukUsersEstimate: 5_100_000,
    domains: [{ domain: 'demodrop.example', relation: 'primary', daysAgo: 720, evidence: 'Registered from the provider\'s own notification' }],
  },
  scarletbay: {
    name: 'Scarletbay',
    provider: {
      name: 'Redmere Holdings Ltd',
      legalEntity: 'Redmere Holdings Ltd',
      jurisdiction: 'Isle of Man',
      noticeContact: 'legal@scarletbay.example',
      addressLines: ['2 Gullstone Terrace', 'Douglas', 'Isle of Man', 'IM9 9ZZ'],
      contactName: 'The Directors',
    },
    serviceType: 'pornography_provider',
    categorisation: 'uncategorised',
    ukUsersEstimate: 900_000,
    domains: [{ domain: 'scarletbay.example', relation: 'primary', daysAgo: 400, evidence: 'Named in a supervision review of pornography services' }],
  },
  chatterbox: {
    name: 'Chatterbox Forums',
    provider: {
      name: 'Quillon Communities Ltd',
      legalEntity: 'Quillon Communities Ltd',
      jurisdiction: 'United Kingdom',
      noticeContact: 'safety@chatterbox-forums.example',
      addressLines: ['Floor 3, Weaver\'s Court', '7 Thistlebank Lane', 'Glasgow', 'G1 9ZZ'],
      contactName: 'Sam Ellery, Head of Community Safety',
    },
    serviceType: 'user_to_user',
    categorisation: 'category_2b',
    ukUsersEstimate: 800_000,
    domains: [{ domain: 'chatterbox-forums.example', relation: 'primary', daysAgo: 600, evidence: 'Registered from the provider\'s own notification' }],
  },
};

const recipient = (service: DemoServiceKey) => {
  const p = DEMO_SERVICES[service].provider;
  return { organisationName: p.name, contactName: p.contactName, addressLines: p.addressLines };
};
const email = (service: DemoServiceKey): string => DEMO_SERVICES[service].provider.noticeContact;

const S9 = { reference: 'Section 9', description: 'the duty to carry out a suitable and sufficient illegal content risk assessment' };
const S10_2 = { reference: 'Section 10(2)', description: 'the duty to use proportionate measures to prevent users encountering priority illegal content' };
const S10_3B = { reference: 'Section 10(3)(b)', description: 'the duty to swiftly take down illegal content once aware of it' };
const S81 = {
  reference: 'Section 81(2)',
  description: 'the duty to ensure, by highly effective age verification or age estimation, that children are not normally able to encounter pornographic content',
};

const RESPONSE_FORM = 'Answer in writing through the provider portal, one PDF document with each requirement answered under its number, and any figures as a spreadsheet (CSV or XLSX).';

/** The demo cases, oldest first: each is played through the real use cases, with occurredAt. */
export const DEMO_CASES: DemoCase[] = [
  {
    key: 'c1',
    title: 'No highly effective age assurance on Velvetline',
    service: 'velvetline',
    harms: ['children_access_pornography'],
    openedDaysAgo: 710,
    openedBy: 'officer',
    steps: [
      { daysAgo: 700, as: 'officer', event: 'open_investigation', data: { provisions: [S81.reference], summary: 'A test visit found only a "confirm you are 18" button in front of the content.' } },
      {
        daysAgo: 698,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          recipientEmail: email('velvetline'),
          letter: {
            recipient: recipient('velvetline'),
            requirements: [
              { item: 'A description of every age check used on Velvetline', detail: 'Including the supplier of each check and the date it was introduced.' },
              { item: 'Figures for March 2024', detail: 'Visits from the UK, and how many passed, failed or abandoned an age check.' },
            ],
            reasons: ['We need the information to decide whether children are normally able to encounter pornographic content on Velvetline.'],
            responseForm: RESPONSE_FORM,
            provisions: [S81],
          },
        },
      },
      { daysAgo: 690, as: 'officer', event: 'record_information_response', data: { summary: 'The provider confirmed that only self-declaration of age is used.' } },
      {
        daysAgo: 640,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 20,
          recipientEmail: email('velvetline'),
          letter: {
            recipient: recipient('velvetline'),
            contraventions: [{ provision: S81.reference, duty: S81.description, reasons: ['Velvetline relies on users declaring that they are 18, which is not highly effective age assurance.'] }],
            proposedSteps: [{ step: 'Introduce highly effective age assurance before any pornographic content is shown.', period: '20 working days of a confirmation decision' }],
            proposedPenalty: {
              amountPence: 120_000_000,
              aggravatingFactors: ['Children could reach the content for at least four months after the duty applied.'],
              mitigatingFactors: ['The provider answered our information notice fully and on time.'],
            },
          },
        },
      },
      { daysAgo: 620, as: 'officer', event: 'record_representations', data: { summary: 'The provider accepted the findings and asked for the penalty to reflect its new supplier contract.', oralHearingRequested: false } },
      {
        daysAgo: 600,
        as: 'decider',
        event: 'issue_confirmation_decision',
        data: {
          representationsConsidered: true,
          stepsRequired: 'Introduce highly effective age assurance before any pornographic content is shown to users in the UK.',
          stepsWithin: 20,
          stepsUnit: 'working_days',
          penaltyPence: 105_000_000,
          paymentDays: 30,
          recipientEmail: email('velvetline'),
          letter: {
            recipient: recipient('velvetline'),
            contraventions: [{ provision: S81.reference, duty: S81.description, findings: ['Until our decision, Velvetline relied on self-declaration of age.'] }],
            representations: { summary: 'You accepted our findings and told us of a contract with an age assurance supplier. We reduced the proposed penalty to reflect it.' },
            penalty: { reasons: ['Children could reach pornographic content for months.', 'The penalty is reduced because the provider cooperated and contracted a supplier.'] },
          },
        },
      },
      {
        daysAgo: 575,
        as: 'officer',
        event: 'confirm_compliance',
        data: {
          summary: 'Facial age estimation with a document-check fallback is live for UK users; the penalty was paid.',
          recipientEmail: email('velvetline'),
          letter: { recipient: recipient('velvetline'), reasons: ['Our test visits found the age check in front of all content.', 'The penalty was paid in full.'], nextSteps: ['We will test the age check again in six months.'] },
        },
      },
    ],
  },
  {
    key: 'c2',
    title: 'Known child sexual abuse material shared through DemoDrop links',
    service: 'demodrop',
    harms: ['csam'],
    openedDaysAgo: 520,
    openedBy: 'officer2',
    steps: [
      { daysAgo: 510, as: 'officer2', event: 'open_investigation', data: { provisions: [S10_2.reference, S9.reference], summary: 'A hotline reported 140 DemoDrop links to known material in one month.' } },
      {
        daysAgo: 505,
        as: 'officer2',
        event: 'issue_information_notice',
        data: {
          responseDays: 21,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            requirements: [
              { item: 'How DemoDrop detects known child sexual abuse material', detail: 'Which hash lists you match uploads against, and when matching happens.' },
              { item: 'Your illegal content risk assessment for DemoDrop' },
            ],
            reasons: ['A hotline reported links to known child sexual abuse material hosted on DemoDrop.', 'We need the information to decide whether DemoDrop complies with its illegal content duties.'],
            responseForm: RESPONSE_FORM,
          },
        },
      },
      { daysAgo: 486, as: 'officer2', event: 'record_information_response', data: { summary: 'No hash matching at upload; shared links are checked only when reported.' } },
      {
        daysAgo: 430,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 20,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            contraventions: [
              { provision: S10_2.reference, duty: S10_2.description, reasons: ['Uploads are not matched against any list of known child sexual abuse material.'] },
              { provision: S9.reference, duty: S9.description, reasons: ['The risk assessment does not consider file-sharing links as a way material spreads.'] },
            ],
          },
        },
      },
      { daysAgo: 405, as: 'officer2', event: 'record_representations', data: { summary: 'The provider said hash matching would be live within two months and asked for that to be taken into account.', oralHearingRequested: true } },
      {
        daysAgo: 390,
        as: 'decider',
        event: 'issue_confirmation_decision',
        data: {
          representationsConsidered: true,
          stepsRequired: 'Match every upload against recognised hash lists of known child sexual abuse material before it can be shared, and record a new risk assessment.',
          stepsWithin: 40,
          stepsUnit: 'working_days',
          penaltyPence: 260_000_000,
          paymentDays: 30,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            contraventions: [{ provision: S10_2.reference, duty: S10_2.description, findings: ['Known material was shared through DemoDrop links for at least five months.'] }],
            representations: { summary: 'You told us hash matching would be live within two months, and we heard you at an oral hearing. We took your plan into account in the period for the steps.' },
            penalty: { reasons: ['The harm is of the most serious kind.', 'The failure lasted at least five months.'] },
          },
        },
      },
      {
        daysAgo: 366,
        as: 'officer2',
        event: 'confirm_compliance',
        data: {
          summary: 'Hash matching at upload is live and a new risk assessment was recorded; the penalty was paid.',
          recipientEmail: email('demodrop'),
          letter: { recipient: recipient('demodrop'), reasons: ['Uploads are now matched against recognised hash lists.', 'The penalty was paid in full.'] },
        },
      },
    ],
  },
  {
    key: 'c3',
    title: 'Intimate images shared without consent on Peepvault',
    service: 'peepvault',
    serviceUrl: 'https://peepvault.example/',
    harms: ['ncii'],
    openedDaysAgo: 450,
    openedBy: 'officer',
    steps: [
      { daysAgo: 440, as: 'officer', event: 'open_investigation', data: { provisions: [S10_2.reference, S10_3B.reference], summary: 'Survivors report that images stay up for weeks after removal requests.' } },
      {
        daysAgo: 438,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 10,
          recipientEmail: email('peepvault'),
          letter: {
            recipient: recipient('peepvault'),
            requirements: [{ item: 'Who operates Peepvault', detail: 'The legal name and address of the operator.' }, { item: 'How removal requests are handled, and how long removal takes' }],
            reasons: ['We have received reports that intimate images shared without consent stay available on Peepvault after removal requests.'],
            responseForm: RESPONSE_FORM,
          },
        },
      },
      {
        daysAgo: 400,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 10,
          recipientEmail: email('peepvault'),
          letter: {
            recipient: recipient('peepvault'),
            contraventions: [{ provision: S10_3B.reference, duty: S10_3B.description, reasons: ['Reported intimate images stayed available for a median of 23 days.'] }],
          },
        },
      },
      {
        daysAgo: 330,
        as: 'decider',
        event: 'close',
        data: {
          outcome: 'geoblocked',
          summary: 'The operator blocked access from the UK. We keep watching for mirrors and successor domains.',
          recipientEmail: email('peepvault'),
          letter: {
            recipient: recipient('peepvault'),
            reasons: ['Peepvault is no longer available to users in the UK.'],
            nextSteps: ['If the service becomes available in the UK again, at this or another address, we will continue enforcement.'],
          },
        },
      },
    ],
  },
  {
    key: 'c5',
    title: 'Illegal content risk assessment not carried out',
    service: 'chatterbox',
    harms: ['risk_assessment_duties'],
    openedDaysAgo: 400,
    openedBy: 'officer',
    steps: [
      { daysAgo: 395, as: 'officer', event: 'open_investigation', data: { provisions: [S9.reference], summary: 'The provider did not answer the risk assessment record request of the enforcement programme.' } },
      {
        daysAgo: 393,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          letter: {
            recipient: recipient('chatterbox'),
            requirements: [{ item: 'Your illegal content risk assessment for Chatterbox Forums', detail: 'The complete record, with the date it was completed.' }],
            reasons: ['Providers had to complete illegal content risk assessments by 16 March 2025.'],
            responseForm: RESPONSE_FORM,
          },
        },
      },
      { daysAgo: 382, as: 'officer', event: 'record_information_response', data: { summary: 'The provider admitted that no risk assessment had been done.' } },
      {
        daysAgo: 350,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 10,
          letter: { recipient: recipient('chatterbox'), contraventions: [{ provision: S9.reference, duty: S9.description, reasons: ['No illegal content risk assessment was carried out.'] }] },
        },
      },
      {
        daysAgo: 330,
        as: 'decider',
        event: 'issue_confirmation_decision',
        data: {
          stepsRequired: 'Carry out and record a suitable and sufficient illegal content risk assessment of Chatterbox Forums.',
          stepsWithin: 30,
          stepsUnit: 'working_days',
          letter: {
            recipient: recipient('chatterbox'),
            contraventions: [{ provision: S9.reference, duty: S9.description, findings: ['No risk assessment existed when we asked for it.'] }],
            representations: { summary: 'We received no representations within the period.' },
          },
        },
      },
      {
        daysAgo: 300,
        as: 'officer',
        event: 'confirm_compliance',
        data: {
          summary: 'A suitable and sufficient risk assessment was recorded and sent to us.',
          letter: { recipient: recipient('chatterbox'), reasons: ['Your risk assessment covers each kind of priority illegal content.'] },
        },
      },
    ],
  },
  {
    key: 'c9',
    title: 'Scarletbay lets children see pornography: no age checks',
    service: 'scarletbay',
    harms: ['children_access_pornography'],
    openedDaysAgo: 330,
    openedBy: 'officer2',
    steps: [
      { daysAgo: 320, as: 'officer2', event: 'open_investigation', data: { provisions: [S81.reference], summary: 'The service shows pornographic content with no age check at all.' } },
      {
        daysAgo: 318,
        as: 'officer2',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          recipientEmail: email('scarletbay'),
          letter: {
            recipient: recipient('scarletbay'),
            requirements: [{ item: 'Any age checks used on Scarletbay' }, { item: 'The number of visits from the UK each month this year' }],
            reasons: ['We need the information to decide whether children are normally able to encounter pornographic content on Scarletbay.'],
            responseForm: RESPONSE_FORM,
          },
        },
      },
      { daysAgo: 305, as: 'officer2', event: 'record_information_response', data: { summary: 'A one-line reply saying age checks are "planned".' } },
      {
        daysAgo: 260,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 20,
          recipientEmail: email('scarletbay'),
          letter: { recipient: recipient('scarletbay'), contraventions: [{ provision: S81.reference, duty: S81.description, reasons: ['There is no age check of any kind.'] }] },
        },
      },
      { daysAgo: 240, as: 'officer2', event: 'record_representations', data: { summary: 'The provider said the service is not aimed at the UK, without evidence.', oralHearingRequested: false } },
      {
        daysAgo: 220,
        as: 'decider',
        event: 'issue_confirmation_decision',
        data: {
          representationsConsidered: true,
          stepsRequired: 'Introduce highly effective age assurance before any pornographic content is shown to users in the UK.',
          stepsWithin: 10,
          stepsUnit: 'working_days',
          penaltyPence: 95_000_000,
          paymentDays: 30,
          recipientEmail: email('scarletbay'),
          letter: {
            recipient: recipient('scarletbay'),
            contraventions: [{ provision: S81.reference, duty: S81.description, findings: ['There was no age check when we decided.'] }],
            representations: { summary: 'You said Scarletbay is not aimed at the UK. A third of its visits come from the UK and it takes payment in pounds, so it has links with the UK.' },
            penalty: { reasons: ['Children can reach the content freely.', 'The provider did not engage with us.'] },
          },
        },
      },
      { daysAgo: 180, as: 'decider', event: 'record_non_compliance', data: { failures: 'No age check was introduced and the penalty was not paid.' } },
      {
        daysAgo: 40,
        as: 'decider',
        event: 'apply_for_business_disruption',
        data: { kind: 'service_restriction', interim: false, grounds: 'The steps of the confirmation decision were not taken and the penalty is unpaid; payment providers still serve the site.' },
      },
    ],
  },
  {
    key: 'c4',
    title: 'Reports of racist abuse threads on Chatterbox Forums',
    service: 'chatterbox',
    harms: ['hate'],
    openedDaysAgo: 270,
    openedBy: 'officer2',
    steps: [{ daysAgo: 255, as: 'officer2', event: 'close', data: { outcome: 'no_action', summary: 'The threads were removed within hours of the reports; moderation works as the provider describes.' } }],
  },
  {
    key: 'c7',
    title: 'Hate and harassment threads left up after reports',
    service: 'chatterbox',
    harms: ['hate', 'harassment_stalking_threats'],
    jurisdiction: 'scotland',
    openedDaysAgo: 160,
    openedBy: 'officer',
    steps: [
      { daysAgo: 150, as: 'officer', event: 'open_investigation', data: { provisions: [S10_3B.reference], summary: 'Reported threads targeting named people stayed up for weeks.' } },
      {
        daysAgo: 148,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          recipientEmail: email('chatterbox'),
          letter: {
            recipient: recipient('chatterbox'),
            requirements: [{ item: 'Reports of hate and harassment received each month, and how long removal took' }],
            reasons: ['We need the information to decide whether Chatterbox Forums swiftly takes down illegal content once aware of it.'],
            responseForm: RESPONSE_FORM,
          },
        },
      },
      { daysAgo: 136, as: 'officer', event: 'record_information_response', data: { summary: 'Median removal time 16 days; a backlog of 4,000 reports.' } },
      {
        daysAgo: 6,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 20,
          recipientEmail: email('chatterbox'),
          letter: {
            recipient: recipient('chatterbox'),
            contraventions: [{ provision: S10_3B.reference, duty: S10_3B.description, reasons: ['Reported illegal hate and harassment stayed up for a median of 16 days.'] }],
            proposedSteps: [{ step: 'Clear the report backlog and remove reported illegal content within 48 hours.', period: '10 working days of a confirmation decision' }],
          },
        },
      },
    ],
  },
  {
    key: 'c11',
    title: 'DemoDrop risk assessment leaves out shared-folder comments',
    service: 'demodrop',
    harms: ['csam'],
    openedDaysAgo: 100,
    openedBy: 'officer',
    steps: [
      { daysAgo: 95, as: 'officer', event: 'open_investigation', data: { provisions: [S9.reference], summary: 'The risk assessment DemoDrop sent in January does not mention comments on shared folders.' } },
      {
        daysAgo: 90,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            requirements: [{ item: 'The record of your latest illegal content risk assessment for DemoDrop, with the date it was approved' }],
            reasons: ['We need the record to decide whether DemoDrop has carried out a suitable and sufficient illegal content risk assessment.'],
            responseForm: RESPONSE_FORM,
            provisions: [S9],
          },
        },
      },
      { daysAgo: 80, as: 'officer', event: 'record_information_response', data: { summary: 'The record covers uploads and links only; comments on shared folders were never assessed.' } },
      {
        daysAgo: 4,
        as: 'decider',
        event: 'issue_provisional_notice',
        data: {
          representationsWorkingDays: 20,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            contraventions: [{ provision: S9.reference, duty: S9.description, reasons: ['The risk assessment does not consider comments on shared folders, through which adults contact children.'] }],
            proposedSteps: [{ step: 'Carry out and record a risk assessment that covers comments on shared folders.', period: '20 working days of a confirmation decision' }],
          },
        },
      },
    ],
  },
  {
    key: 'c10',
    title: 'Age checks on Velvetline bypassed with a browser setting',
    service: 'velvetline',
    harms: ['children_access_pornography'],
    openedDaysAgo: 70,
    openedBy: 'officer2',
    steps: [
      { daysAgo: 60, as: 'officer2', event: 'begin_remediation', data: { summary: 'Close the bypass and report how many UK visits skipped the check.' } },
      {
        daysAgo: 50,
        as: 'officer2',
        event: 'issue_warning_letter',
        data: {
          replyWorkingDays: 15,
          recipientEmail: email('velvetline'),
          letter: {
            recipient: recipient('velvetline'),
            findings: ['Turning off scripts in the browser skips the age check and shows the content.'],
            provisions: [S81],
            expectedSteps: ['Check age on the server before any content is sent.', 'Tell us how many UK visits skipped the check since it was introduced.'],
          },
        },
      },
    ],
  },
  {
    key: 'c6',
    title: 'Grooming through DemoDrop shared-folder comments',
    service: 'demodrop',
    harms: ['csam'],
    openedDaysAgo: 45,
    openedBy: 'officer',
    steps: [
      { daysAgo: 40, as: 'officer', event: 'open_investigation', data: { provisions: [S10_2.reference], summary: 'Police referral: adults contacting children through comments on shared folders.' } },
      {
        daysAgo: 10,
        as: 'officer',
        event: 'issue_information_notice',
        data: {
          responseDays: 14,
          recipientEmail: email('demodrop'),
          letter: {
            recipient: recipient('demodrop'),
            requirements: [
              { item: 'Who can comment on a shared folder, and whether children can receive comments from adults they do not know' },
              { item: 'Reports of grooming received in the last six months, and what you did about each' },
            ],
            reasons: ['The police told us of adults contacting children through comments on DemoDrop shared folders.'],
            responseForm: RESPONSE_FORM,
            provisions: [S10_2],
          },
        },
      },
    ],
  },
  {
    key: 'c8',
    title: 'Intimate images reappearing on a Peepvault mirror',
    service: 'peepvault',
    serviceUrl: 'https://peep-vault.example/albums/recent',
    harms: ['ncii'],
    openedDaysAgo: 3,
    openedBy: 'officer',
    steps: [{ daysAgo: 3, hour: 11, as: 'officer', event: 'link_case', data: (ids) => ({ caseId: ids.get('c3'), relation: 'continues' }) }],
  },
];
