/** Who a reminder or escalation goes to: a user of the service, with the address to write to. */
export interface DeadlineContact {
  userId: string;
  email: string;
  name?: string;
}

/**
 * Looks up the people deadlines name (owner, decision-maker). Users belong to the identity context:
 * the deadlines module binds this to identity's public API, never to its tables. Users that do not
 * exist or are disabled are left out.
 */
export abstract class DeadlineContacts {
  abstract find(userIds: string[]): Promise<DeadlineContact[]>;
}
