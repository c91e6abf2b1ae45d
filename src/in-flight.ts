// Request handlers still running. A client that goes away closes its connection, but its
// handler (and its SQL) carries on: shutdown waits for those too before the pool is closed.
export class InFlight {
  private running = 0;
  private waiters: (() => void)[] = [];

  track(handle: () => unknown): void {
    this.running++;
    Promise.resolve()
      .then(handle)
      .catch(() => {}) // the app answers its own errors; nothing here to add
      .finally(() => {
        this.running--;
        if (this.running === 0) for (const wake of this.waiters.splice(0)) wake();
      });
  }

  /**
   * Resolves true once no handler runs and the pool has no connection checked out (a handler
   * abandoned by yoga on client disconnect may still hold one), false after `timeoutMs`.
   */
  async settled(timeoutMs: number, pool: () => { inUse: number; waiting: number } | null): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    if (this.running > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    // Quiet twice in a row, 50 ms apart: a resolver between two statements holds no connection for a moment.
    let quiet = 0;
    while (Date.now() < deadline && quiet < 2) {
      const stats = pool();
      quiet = !stats || (stats.inUse === 0 && stats.waiting === 0) ? quiet + 1 : 0;
      if (quiet < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.running === 0 && quiet >= 2;
  }
}
