import type { Page } from '@app/core';

/** Counts items of a cursor-paged list (at most 500 a page), optionally only those matching. */
export async function countAll<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  matching: (item: T) => boolean = () => true,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    count += page.items.filter(matching).length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return count;
}

/** Every item of a cursor-paged list, in order. For lists an administrator reads whole (users, organisations). */
export async function allItems<T>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
