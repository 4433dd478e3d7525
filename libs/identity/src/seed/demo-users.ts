import type { OrganisationKind, Role } from '@app/core';

/** Demo organisations and users of the contract ("Demo users"), created in an empty database when SEED_DEMO is on. */
export const DEMO_ORGANISATIONS = {
  regulator: { kind: 'regulator', name: 'Online Safety Regulator' },
  provider: { kind: 'provider', name: 'Demo Platform Ltd' },
  provider2: { kind: 'provider', name: 'Second Demo Platform Ltd' },
  body: { kind: 'eligible_entity', name: "Demo Children's Online Safety Coalition" },
  body2: { kind: 'eligible_entity', name: 'Demo Consumer Protection Association' },
} as const satisfies Record<string, { kind: OrganisationKind; name: string }>;

export type DemoOrganisationKey = keyof typeof DEMO_ORGANISATIONS;

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organisation: DemoOrganisationKey;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { email: 'admin@demo.test', name: 'Ada Admin', role: 'admin', organisation: 'regulator' },
  { email: 'officer@demo.test', name: 'Olu Officer', role: 'case_officer', organisation: 'regulator' },
  { email: 'officer2@demo.test', name: 'Orla Officer', role: 'case_officer', organisation: 'regulator' },
  { email: 'decider@demo.test', name: 'Dev Decider', role: 'decision_maker', organisation: 'regulator' },
  { email: 'analyst@demo.test', name: 'Ana Analyst', role: 'analyst', organisation: 'regulator' },
  { email: 'provider@demo.test', name: 'Priya Provider', role: 'provider', organisation: 'provider' },
  { email: 'provider2@demo.test', name: 'Piotr Provider', role: 'provider', organisation: 'provider2' },
  { email: 'body@demo.test', name: 'Bea Body', role: 'complainant_body', organisation: 'body' },
  { email: 'body2@demo.test', name: 'Ben Body', role: 'complainant_body', organisation: 'body2' },
];

/** The first demo user holding a role, e.g. for signing in as "a case officer". */
export function demoUserFor(role: Role): DemoUser {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user has the role ${role}`);
  return user;
}
