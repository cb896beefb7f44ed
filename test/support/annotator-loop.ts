import { expect } from 'vitest';
import { answer, type ApiClient } from './test-server.js';

/** A response of the API, as the loop reports it. */
export type Reply = { status: number; body: unknown };

export interface AnnotatorRun {
  projectId: number;
  /** This worker's submits carry the idempotency keys `${keyPrefix}-0`, `${keyPrefix}-1`, ... */
  keyPrefix: string;
  /** The choice of the n-th answer. */
  choice: (n: number) => string;
  /** From when on a 204 `all_done` is the end (before, work may still reopen: an overlap raised, an import). */
  settled: () => boolean;
  /** Epoch ms after which the worker gives up (the test fails). */
  deadline: number;
  /** Sees every response, to collect 5xx. */
  onReply: (what: string, reply: Reply) => void;
  onSubmitted?: () => void;
}

/**
 * One annotator working through the HTTP API as the web app does: ask for the next task, answer it at once, wait a
 * little on a 204 that is not the end. Every claim and every submit must succeed (leases do not expire here).
 */
export async function annotateUntilDone(w: ApiClient, run: AnnotatorRun): Promise<void> {
  let n = 0;
  while (Date.now() < run.deadline) {
    const next = await w.request('POST', `/api/projects/${run.projectId}/next`);
    run.onReply('next', next);
    if (next.status === 204) {
      if (run.settled() && next.headers.get('x-biaozhu-reason') === 'all_done') return;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    expect(next.status).toBe(200);
    const res = await w.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, {
      result: answer(run.choice(n)),
      idempotencyKey: `${run.keyPrefix}-${n}`,
      leadTimeMs: 10,
    });
    n += 1;
    run.onReply('submit', res);
    expect(res.status).toBe(200);
    run.onSubmitted?.();
  }
  throw new Error(`${run.keyPrefix} did not finish in time`);
}
