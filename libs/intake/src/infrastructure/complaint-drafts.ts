import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { SecretBox } from '@app/privacy';

/** What a complainant has answered so far in the public form. */
export interface ComplaintDraft {
  serviceUrl?: string;
  harmCategories?: string[];
  description?: string;
  occurredOn?: string;
  occurredDay?: string;
  occurredMonth?: string;
  occurredYear?: string;
  links?: string;
  childrenLikely?: 'yes' | 'no' | 'unknown';
  wantsContact?: 'yes' | 'no';
  name?: string;
  email?: string;
  /** Set once the check-answers page was reached: later answers return there. */
  checking?: boolean;
}

/** Drafts live a day; they hold personal data, so they are sealed at rest and deleted on submission. */
export const DRAFT_TTL_MS = 24 * 3600 * 1000;

@Injectable()
export class ComplaintDrafts {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SecretBox) private readonly box: SecretBox,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(draft: ComplaintDraft): Promise<string> {
    const now = this.clock.now();
    const [row] = (await this.dataSource.query(
      `INSERT INTO complaint_drafts (data_sealed, expires_at, updated_at) VALUES ('pending', $1, $2) RETURNING id`,
      [new Date(now.getTime() + DRAFT_TTL_MS), now],
    )) as { id: string }[];
    const id = (row as { id: string }).id;
    await this.save(id, draft);
    return id;
  }

  async get(id: string): Promise<ComplaintDraft | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row] = (await this.dataSource.query(`SELECT data_sealed FROM complaint_drafts WHERE id = $1 AND expires_at > $2`, [id, this.clock.now()])) as {
      data_sealed: string;
    }[];
    if (!row || row.data_sealed === 'pending') return null;
    try {
      return JSON.parse(this.box.open(row.data_sealed, `complaint_draft:${id}`)) as ComplaintDraft;
    } catch {
      return null;
    }
  }

  async save(id: string, draft: ComplaintDraft): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.query(`UPDATE complaint_drafts SET data_sealed = $2, expires_at = $3, updated_at = $4 WHERE id = $1`, [
      id,
      this.box.seal(JSON.stringify(draft), `complaint_draft:${id}`),
      new Date(now.getTime() + DRAFT_TTL_MS),
      now,
    ]);
  }

  async delete(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM complaint_drafts WHERE id = $1`, [id]);
  }

  /** Removes drafts nobody finished (run by the retention job). */
  async purgeExpired(): Promise<number> {
    const [, n] = (await this.dataSource.query(`DELETE FROM complaint_drafts WHERE expires_at <= $1`, [this.clock.now()])) as [unknown, number];
    return n;
  }
}
