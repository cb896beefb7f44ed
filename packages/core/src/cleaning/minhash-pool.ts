// The only I/O-like part of cleaning: a pool of worker threads that hash MinHash batches in parallel.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { hashBatch, MinHashScratch } from './minhash.js';
import type { HashedBatch, MinHashParams } from './minhash.js';

/** Default hashing threads: min(2, cores). */
export function defaultThreads(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Pending {
  resolve: (b: HashedBatch) => void;
  reject: (e: Error) => void;
}

const STARTUP_MS = 15_000;

/**
 * Code that starts a worker from a TypeScript file: registers tsx's ESM loader in the worker, then imports the file.
 * Works whether the parent runs under tsx, vitest or plain node with tsx installed.
 */
function bootstrap(workerUrl: URL): string {
  let tsx = 'tsx/esm/api';
  try {
    // The ESM entry of tsx's API; require.resolve gives the CommonJS twin next to it.
    tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  } catch {
    // tsx not resolvable from here: let the worker try the bare name.
  }
  return `import(${JSON.stringify(tsx)}).then((m) => { const register = m.register ?? (m.default && m.default.register); register(); return import(${JSON.stringify(workerUrl.href)}); });`;
}

/**
 * Hashes batches of texts on `threads` threads: the calling thread plus threads - 1 workers, each batch split evenly
 * (the caller hashes its share while the workers hash theirs). If workers cannot start (no tsx, a sandbox without
 * threads...), everything is hashed in the calling thread and `fallbackReason` says why.
 */
export class MinHashPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly scratch = new MinHashScratch();
  fallbackReason: string | undefined;

  private constructor(
    private readonly params: MinHashParams,
    readonly threads: number,
  ) {}

  /**
   * Starts threads - 1 workers (none when threads <= 1) and waits until each has loaded. `workerUrl` replaces the
   * worker entry file (tests use it to check the fallback).
   */
  static async create(params: MinHashParams, threads: number, workerUrl?: URL): Promise<MinHashPool> {
    const pool = new MinHashPool(params, threads);
    if (threads > 1) {
      try {
        await pool.start(threads - 1, workerUrl ?? new URL('./minhash-worker.ts', import.meta.url));
      } catch (e) {
        pool.fallbackReason = `worker threads unavailable, hashing in the calling thread: ${(e as Error).message}`;
        await pool.close();
      }
    }
    return pool;
  }

  /** Whether hashing really runs on worker threads. */
  get usingWorkers(): boolean {
    return this.workers.length > 0;
  }

  private async start(threads: number, url: URL): Promise<void> {
    const isTs = url.pathname.endsWith('.ts');
    const starts: Promise<void>[] = [];
    for (let i = 0; i < threads; i++) {
      const worker = isTs
        ? new Worker(bootstrap(url), { eval: true, workerData: this.params })
        : new Worker(url, { workerData: this.params });
      this.workers.push(worker);
      starts.push(
        new Promise<void>((resolve, reject) => {
          const done = (err?: Error) => {
            clearTimeout(timer);
            worker.off('error', onError);
            worker.off('exit', onExit);
            worker.off('message', onMessage);
            if (err) reject(err);
            else resolve();
          };
          const onError = (e: Error) => done(e);
          const onExit = (code: number) => done(new Error(`worker exited with code ${code} while starting`));
          const onMessage = (m: { ready?: boolean }) => done(m.ready ? undefined : new Error('unexpected first message from worker'));
          const timer = setTimeout(() => done(new Error(`worker did not start within ${STARTUP_MS} ms`)), STARTUP_MS);
          worker.on('error', onError);
          worker.on('exit', onExit);
          worker.on('message', onMessage);
        }),
      );
    }
    await Promise.all(starts);
    // Only our own listeners were removed above: removeAllListeners() would also drop the Worker's internal ones.
    for (const w of this.workers) {
      w.on('message', (m: { id: number; batch: HashedBatch }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.resolve(m.batch);
      });
      w.on('error', (e) => this.failAll(e));
      w.on('exit', (code) => {
        if (this.pending.size > 0) this.failAll(new Error(`hashing worker exited with code ${code}`));
      });
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private send(worker: Worker, texts: string[]): Promise<HashedBatch> {
    const id = this.nextId++;
    return new Promise<HashedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, texts });
    });
  }

  /** Hashes texts (in input order): a share here and the rest on the workers, or all here when there are none. */
  async hash(texts: string[]): Promise<HashedBatch> {
    const n = this.workers.length + 1;
    if (n === 1 || texts.length < 64) return hashBatch(texts, this.params, this.scratch);
    const per = Math.ceil(texts.length / n);
    const remote = this.workers
      .map((w, i) => ({ w, from: (i + 1) * per }))
      .filter(({ from }) => from < texts.length)
      .map(({ w, from }) => this.send(w, texts.slice(from, from + per)));
    const local = hashBatch(texts.slice(0, per), this.params, this.scratch);
    return concatBatches([local, ...(await Promise.all(remote))], this.params.bands);
  }

  async close(): Promise<void> {
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }
}

/** Joins hashed batches back into one, in order. */
export function concatBatches(parts: HashedBatch[], bands: number): HashedBatch {
  if (parts.length === 1) return parts[0]!;
  let count = 0;
  let setLen = 0;
  for (const p of parts) {
    count += p.count;
    setLen += p.sets.length;
  }
  const setOffsets = new Int32Array(count + 1);
  const sets = new Uint32Array(setLen);
  const bandKeys = new Uint32Array(count * bands);
  let c = 0;
  let s = 0;
  for (const p of parts) {
    for (let i = 1; i <= p.count; i++) setOffsets[c + i] = s + p.setOffsets[i]!;
    sets.set(p.sets, s);
    bandKeys.set(p.bandKeys, c * bands);
    c += p.count;
    s += p.sets.length;
  }
  return { count, setOffsets, sets, bandKeys };
}
