/** Small helpers shared by the identity services: SQL results, ids, token hashing, pages. */
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { encodeCursor, type Page } from '@app/core';

/** TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with [rows, count], and SELECT/INSERT with rows. */
export function rowsOf<T>(result: [T[], number] | T[]): T[] {
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUniqueViolation = (error: unknown): boolean => error instanceof QueryFailedError && (error as { code?: string }).code === '23505';

/** For high-entropy random tokens (sessions, invitations, API keys): a fast hash is enough to store them. */
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** A page from rows fetched with LIMIT limit + 1: the extra row only says that another page exists. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => Record<string, string | number>): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
