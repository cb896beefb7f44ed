import { hostname } from 'node:os';
import type { Context } from '../context.js';
import { DomainError } from '../errors.js';
import { finishJob } from './finish-job.js';

/** Why a running job's signal was aborted. */
export type JobAbortReason = 'stopped' | 'cancelled' | 'lost';

/** What a job handler receives besides the context. */
export interface RunningJob {
  id: number;
  payload: unknown;
  /** 1 on the first run, 2 on the first resume... */
  attempt: number;
  workerId: string;
  /** Aborted when the runner stops (`reason` "stopped"), the job is cancelled, or its lock was taken over. */
  signal: AbortSignal;
  /** Reports progress (0..1) and a JSON-able detail; written to the job row at the next heartbeat. */
  setProgress(fraction: number, detail?: Record<string, unknown>): void;
}

/**
 * Does one job. Returning a value marks the job done with that result, unless the handler already finished the row
 * itself (e.g. inside its own transaction).
 */
export type JobHandler = (ctx: Context, job: RunningJob) => Promise<unknown>;

export interface JobRunnerOptions {
  /** Identifies this process in `locked_by`; default host:pid:random. */
  workerId?: string;
  /** How long a claim lasts without a heartbeat; a job whose lock expired is picked up again by any runner. */
  lockMs?: number;
  heartbeatMs?: number;
  pollMs?: number;
  /** Jobs claimed this many times without finishing are failed (a job that crashes its process every time). */
  maxAttempts?: number;
  onError?: (error: unknown) => void;
}

interface Live {
  fraction: number;
  detail: Record<string, unknown>;
}

/** Progress of jobs running in this process, fresher than the row (on SQLite the row cannot be written during an import). */
const liveProgress = new Map<number, Live>();

/** This process's latest progress of a job, if it runs here. */
export function liveJobProgress(jobId: number): Live | undefined {
  return liveProgress.get(jobId);
}

/**
 * Runs background jobs stored in the `jobs` table. A job is claimed with a compare-and-set on its row (status and
 * lock), so any number of runners in any number of processes share the table without running a job twice at once;
 * a heartbeat extends the lock while the job runs. After a crash or a stop the row stays `running` with a lock that
 * expires, and the next runner to poll resumes it; handlers are written to be resumable (see run-cleaning-job.ts).
 */
export class JobRunner {
  readonly workerId: string;
  private readonly lockMs: number;
  private readonly heartbeatMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly onError: (error: unknown) => void;
  private timer: NodeJS.Timeout | undefined;
  private current: { controller: AbortController; done: Promise<void> } | undefined;
  private stopped = false;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly ctx: Context,
    private readonly handlers: Record<string, JobHandler>,
    options: JobRunnerOptions = {},
  ) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
    this.lockMs = options.lockMs ?? 60_000;
    this.heartbeatMs = options.heartbeatMs ?? Math.min(2_000, Math.floor(this.lockMs / 3));
    this.pollMs = options.pollMs ?? 1_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.onError = options.onError ?? (() => undefined);
  }

  /** Polls for work until `stop`. */
  start(): this {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.polling = this.drain()
        .catch(this.onError)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
    return this;
  }

  /** Asks for an immediate poll (after a job was queued in this process). */
  wake(): void {
    if (this.stopped || this.current) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.drain()
        .catch(this.onError)
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.pollMs);
        });
    }, 0);
  }

  /** Stops polling and interrupts the running job, leaving its row to be resumed after its lock expires. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.current?.controller.abort('stopped');
    await this.current?.done;
    await this.polling;
  }

  /** Runs jobs until none is ready. */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.runOnce())) {
      /* next */
    }
  }

  /** Claims and runs one ready job; false when there was none. */
  async runOnce(): Promise<boolean> {
    const job = await this.claim();
    if (!job) return false;
    const controller = new AbortController();
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    this.current = { controller, done };
    try {
      await this.execute(job, controller);
    } finally {
      this.current = undefined;
      liveProgress.delete(job.id);
      resolve();
    }
    return true;
  }

  private async claim(): Promise<{ id: number; payload: string; attempts: number; kind: string } | undefined> {
    const k = this.ctx.db.kysely;
    const kinds = Object.keys(this.handlers);
    for (;;) {
      const now = this.ctx.now();
      const candidate = await k
        .selectFrom('jobs')
        .select(['id', 'kind', 'status', 'payload', 'attempts', 'locked_until'])
        .where('kind', 'in', kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
          ]),
        )
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!candidate) return undefined;
      if (candidate.attempts >= this.maxAttempts) {
        await k
          .updateTable('jobs')
          .set({ status: 'failed', error: `gave up after ${candidate.attempts} attempts`, locked_by: null, locked_until: null, updated_at: now })
          .where('id', '=', candidate.id)
          .where('status', '=', candidate.status)
          .execute();
        continue;
      }
      const claimed = await k
        .updateTable('jobs')
        .set({ status: 'running', locked_by: this.workerId, locked_until: now + this.lockMs, attempts: candidate.attempts + 1, updated_at: now })
        .where('id', '=', candidate.id)
        .where('status', '=', candidate.status)
        .where('attempts', '=', candidate.attempts)
        .where('locked_until', candidate.locked_until === null ? 'is' : '=', candidate.locked_until)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 1) return { id: candidate.id, kind: candidate.kind, payload: candidate.payload, attempts: candidate.attempts + 1 };
    }
  }

  private async execute(job: { id: number; payload: string; attempts: number; kind: string }, controller: AbortController): Promise<void> {
    const handler = this.handlers[job.kind];
    if (!handler) return;
    const k = this.ctx.db.kysely;
    const live: Live = { fraction: 0, detail: {} };
    liveProgress.set(job.id, live);
    let beating = false;
    const heartbeat = setInterval(() => {
      if (beating) return;
      beating = true;
      const now = this.ctx.now();
      k.updateTable('jobs')
        .set({ locked_until: now + this.lockMs, updated_at: now, progress: live.fraction, result: JSON.stringify({ progress: live.detail }) })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .where('locked_by', '=', this.workerId)
        .executeTakeFirst()
        .then(async (r) => {
          if (Number(r.numUpdatedRows) === 1 || controller.signal.aborted) return;
          const row = await k.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirst();
          controller.abort(row?.status === 'cancelled' ? 'cancelled' : 'lost');
        })
        .catch(this.onError)
        .finally(() => (beating = false));
    }, this.heartbeatMs);
    try {
      const result = await handler(this.ctx, {
        id: job.id,
        payload: JSON.parse(job.payload) as unknown,
        attempt: job.attempts,
        workerId: this.workerId,
        signal: controller.signal,
        setProgress: (fraction, detail) => {
          live.fraction = Math.max(0, Math.min(1, fraction));
          if (detail) live.detail = detail;
        },
      });
      clearInterval(heartbeat);
      const now = this.ctx.now();
      await finishJob(k, { id: job.id, workerId: this.workerId }, result, now);
    } catch (error) {
      clearInterval(heartbeat);
      const reason = controller.signal.aborted ? (controller.signal.reason as JobAbortReason) : undefined;
      // Stopped: the lock is released so the next runner resumes at once. Taken over or cancelled: not ours any more.
      if (reason === 'stopped') {
        await k
          .updateTable('jobs')
          .set({ locked_until: 0, updated_at: this.ctx.now() })
          .where('id', '=', job.id)
          .where('status', '=', 'running')
          .where('locked_by', '=', this.workerId)
          .execute()
          .catch(this.onError);
      }
      if (reason !== undefined) return;
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof DomainError)) this.onError(error);
      await k
        .updateTable('jobs')
        .set({
          status: 'failed',
          error: message.slice(0, 2000),
          result: JSON.stringify({ progress: live.detail, ...(error instanceof DomainError ? { code: error.code, details: error.details } : {}) }),
          locked_by: null,
          locked_until: null,
          updated_at: this.ctx.now(),
        })
        .where('id', '=', job.id)
        .where('status', '=', 'running')
        .where('locked_by', '=', this.workerId)
        .execute();
    } finally {
      clearInterval(heartbeat);
      await waitUntil(() => !beating);
    }
  }
}

async function waitUntil(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}
