import { api, ApiError } from '../api';
import type { SubmitBody } from '../api-types';

export interface PendingSubmit {
  projectId: string;
  assignmentId: number;
  body: SubmitBody;
}

export type SubmitOutcome = { ok: true } | { ok: false; error: ApiError };

export interface QueueState {
  pending: number;
  /** Set while the head of the queue failed on the network and is waiting to be sent again. */
  retrying: boolean;
  lastError: ApiError | null;
}

const STORAGE_KEY = 'biaozhu.pending-submits';
const MAX_BACKOFF_MS = 15_000;

function isRetryable(e: ApiError): boolean {
  // Network failures, server errors and an expired session keep the answer; the idempotency key makes resending safe.
  return e.status === 0 || e.status >= 500 || e.status === 401 || e.status === 408 || e.status === 429;
}

/**
 * Submissions waiting to land on the server, sent one at a time in order. An answer that fails on the network is
 * resent with the same idempotency key until the server acknowledges it; the queue is kept in localStorage, so
 * reloading the page or losing power on the laptop does not lose it.
 */
class SubmitQueue {
  private items: PendingSubmit[] = load();
  private waiters = new Map<string, (o: SubmitOutcome) => void>();
  private idleWaiters: (() => void)[] = [];
  private listeners = new Set<() => void>();
  private running = false;
  private wake: (() => void) | null = null;
  state: QueueState = { pending: this.items.length, retrying: false, lastError: null };

  /** Queues an answer; resolves once the server accepted it or refused it for good. */
  add(item: PendingSubmit): Promise<SubmitOutcome> {
    this.items.push(item);
    this.save();
    const done = new Promise<SubmitOutcome>((resolve) => this.waiters.set(item.body.idempotencyKey, resolve));
    // Sent after the next frame is painted: encoding and handing a 1,000-region answer to fetch() takes tens of
    // milliseconds, which would otherwise come before the next task is drawn. It is already saved above.
    afterPaint(() => this.kick());
    return done;
  }

  /** Resolves when nothing is waiting to be sent (so asking for the next task cannot return a held one). */
  whenIdle(): Promise<void> {
    this.kick();
    if (this.items.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Sends again now instead of waiting for the back-off (used when the browser comes back online). */
  retryNow(): void {
    this.wake?.();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  getState = (): QueueState => this.state;

  private kick(): void {
    if (!this.running && this.items.length > 0) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    let backoff = 1000;
    while (this.items.length > 0) {
      const item = this.items[0]!;
      const outcome = await this.sendOnce(item);
      if (outcome === 'retry') {
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        continue;
      }
      backoff = 1000;
      this.items.shift();
      this.save();
      this.setState({ pending: this.items.length, retrying: false, lastError: outcome.ok ? null : outcome.error });
      const waiter = this.waiters.get(item.body.idempotencyKey);
      this.waiters.delete(item.body.idempotencyKey);
      waiter?.(outcome);
    }
    this.running = false;
    const idle = this.idleWaiters;
    this.idleWaiters = [];
    idle.forEach((r) => r());
  }

  private async sendOnce(item: PendingSubmit): Promise<SubmitOutcome | 'retry'> {
    try {
      await api.submit(item.assignmentId, item.body);
      return { ok: true };
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError(0, 'network', String(e));
      if (!isRetryable(error)) return { ok: false, error };
      this.setState({ pending: this.items.length, retrying: true, lastError: error });
      return 'retry';
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private setState(s: QueueState): void {
    this.state = s;
    this.listeners.forEach((l) => l());
  }

  private save(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.items));
    } catch {
      // storage full or disabled: the in-memory queue still retries
    }
    if (this.state.pending !== this.items.length) this.setState({ ...this.state, pending: this.items.length });
  }
}

/** Runs `f` once the frame being prepared is painted; a hidden tab paints no frames, so at most 100 ms later. */
function afterPaint(f: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    f();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 100);
}

function load(): PendingSubmit[] {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as PendingSubmit[]) : [];
  } catch {
    return [];
  }
}

export const submitQueue = new SubmitQueue();

window.addEventListener('online', () => submitQueue.retryNow());
