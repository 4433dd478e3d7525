import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@app/core';
import { UserAdminService } from '@app/identity';
import { DeadlineContacts, type DeadlineContact } from './deadline-contacts.js';

/** Deadline contacts from the identity context's public API: active users only. */
@Injectable()
export class IdentityDeadlineContacts extends DeadlineContacts {
  constructor(@Inject(UserAdminService) private readonly users: UserAdminService) {
    super();
  }

  async find(userIds: string[]): Promise<DeadlineContact[]> {
    const contacts: DeadlineContact[] = [];
    for (const id of new Set(userIds)) {
      try {
        const user = await this.users.getUser(id);
        if (!user.disabled) contacts.push({ userId: user.id, email: user.email, name: user.name });
      } catch (error) {
        // A user removed since the deadline named them: nobody to tell (the reminder row records it).
        if (!(error instanceof DomainError && error.status === 404)) throw error;
      }
    }
    return contacts;
  }
}
