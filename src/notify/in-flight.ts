/** Deliveries under way, so that `close()` can wait for them (a notifier's shutdown flushes). */
export class InFlight {
  readonly #pending = new Set<Promise<unknown>>();

  /** Resolves or rejects as `work` does; tracked until it settles. */
  async track<T>(work: Promise<T>): Promise<T> {
    this.#pending.add(work);
    try {
      return await work;
    } finally {
      this.#pending.delete(work);
    }
  }

  async settled(): Promise<void> {
    await Promise.allSettled(this.#pending);
  }
}
