import { DEMO_PASSWORD } from './processes.js';

/** How big the loads are: `full` (npm run test:resilience) or `ci` (what `npm test` runs, RESILIENCE_SIZE=ci). */
export const SIZE: 'full' | 'ci' = process.env.RESILIENCE_SIZE === 'ci' ? 'ci' : 'full';
export const bySize = <T>(full: T, ci: T): T => (SIZE === 'ci' ? ci : full);

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

/** One HTTP call with a JSON body; a connection failure is `status: 0` (the process was gone). */
export async function call(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body, text };
  } catch (error) {
    return { status: 0, headers: new Headers(), body: undefined, text: String((error as { cause?: unknown }).cause ?? error) };
  }
}

/** An access token of a demo user from a running API process. */
export async function tokenFrom(baseUrl: string, email: string): Promise<string> {
  const res = await call(baseUrl, 'POST', '/api/v1/auth/token', { body: { email, password: DEMO_PASSWORD } });
  if (res.status !== 200) throw new Error(`signing in as ${email} answered ${res.status}: ${res.text}`);
  return res.body.accessToken as string;
}

/** Runs `work(i)` for i in [0, count) with at most `concurrency` at a time. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await work(i);
      }
    }),
  );
}

export const daysAgo = (days: number, from = new Date()): string => new Date(from.getTime() - days * 86_400_000).toISOString();
