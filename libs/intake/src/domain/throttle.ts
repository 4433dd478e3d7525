/**
 * Fixed-window counter per client address, in memory. Bounded: the map is cleared of finished
 * windows as it is used, so a flood of distinct addresses cannot grow it without end.
 */
export class AnonymousThrottle {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request; returns the seconds to wait when over the limit, else undefined. */
  take(key: string, nowMs: number): number | undefined {
    if (this.limit === 0) return undefined;
    if (nowMs - this.lastSweep > this.windowMs || this.windows.size > 100_000) this.sweep(nowMs);
    const window = this.windows.get(key);
    if (!window || nowMs - window.startedAt >= this.windowMs) {
      this.windows.set(key, { startedAt: nowMs, count: 1 });
      return undefined;
    }
    if (window.count >= this.limit) return Math.max(1, Math.ceil((window.startedAt + this.windowMs - nowMs) / 1000));
    window.count += 1;
    return undefined;
  }

  private sweep(nowMs: number): void {
    this.lastSweep = nowMs;
    for (const [key, window] of this.windows) if (nowMs - window.startedAt >= this.windowMs) this.windows.delete(key);
  }
}
