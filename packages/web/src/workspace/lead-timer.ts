/**
 * Measures how long a task was actually visible: time while the browser tab is hidden does not count, so a
 * worker who leaves a task open over lunch does not report an hour of work on it.
 */
export class LeadTimer {
  private visibleSince: number | null = null;
  private accumulated = 0;
  private readonly onVisibility = () => {
    if (document.visibilityState === 'visible') this.resume();
    else this.pause();
  };

  start(): void {
    this.accumulated = 0;
    this.visibleSince = null;
    if (document.visibilityState === 'visible') this.resume();
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  /** Milliseconds visible so far, rounded. */
  elapsed(): number {
    const running = this.visibleSince === null ? 0 : performance.now() - this.visibleSince;
    return Math.round(this.accumulated + running);
  }

  stop(): number {
    const ms = this.elapsed();
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.visibleSince = null;
    return ms;
  }

  private resume(): void {
    if (this.visibleSince === null) this.visibleSince = performance.now();
  }

  private pause(): void {
    if (this.visibleSince !== null) {
      this.accumulated += performance.now() - this.visibleSince;
      this.visibleSince = null;
    }
  }
}
