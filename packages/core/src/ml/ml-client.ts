import { conflict, type DomainError } from '../errors.js';
import { MlProtocolError, parseHealthResponse, parsePredictResponse, parseSetupResponse, predictRequest, setupRequest, type BackendPrediction, type ProtocolTask } from './ml-protocol.js';

/** How the client reaches a backend. */
export interface MlClientOptions {
  /** The backend's base URL, e.g. `http://127.0.0.1:9090`. */
  url: string;
  /** One request's time limit. */
  timeoutMs: number;
  /** Further attempts after a network error or a 5xx answer (not after a timeout: a slow model stays slow). */
  retries?: number;
  /** The first pause before a retry; each further one doubles it. */
  retryDelayMs?: number;
  /** Aborts a request in flight (the job was stopped or cancelled). */
  signal?: AbortSignal;
}

const DEFAULT_RETRIES = 2;
const DEFAULT_RETRY_DELAY_MS = 500;

/**
 * A client of one Label Studio-compatible ML backend over Node's fetch. Each call has its own AbortSignal timeout;
 * network errors and 5xx answers are retried with exponential backoff; what still fails is a DomainError with code
 * `ml_backend_unreachable`, `ml_backend_timeout`, `ml_backend_error` (an HTTP error status),
 * `ml_backend_bad_response` or `ml_backend_wrong_count`, its message naming the URL and what happened.
 */
export class MlBackendClient {
  private readonly base: string;
  constructor(private readonly options: MlClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** `GET /health`. */
  async health(): Promise<{ status: string; details: Record<string, unknown> }> {
    return parseOrThrow(await this.call('GET', '/health'), parseHealthResponse, this.base, '/health');
  }

  /** `POST /setup` with the config as Label Studio XML; the model version the backend names. */
  async setup(labelConfigXml: string, project: string): Promise<{ modelVersion: string | null }> {
    const body = await this.call('POST', '/setup', setupRequest(labelConfigXml, project));
    return parseOrThrow(body, parseSetupResponse, this.base, '/setup');
  }

  /** `POST /predict` for a batch of tasks: one prediction per task, in order. */
  async predict(tasks: ProtocolTask[], labelConfigXml: string, project: string): Promise<BackendPrediction[]> {
    const body = await this.call('POST', '/predict', predictRequest(tasks, labelConfigXml, project));
    return parseOrThrow(body, (b) => parsePredictResponse(b, tasks.length), this.base, '/predict');
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const retries = this.options.retries ?? DEFAULT_RETRIES;
    let delay = this.options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    const url = `${this.base}${path}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(method, url, body);
      if (outcome.kind === 'ok') return outcome.body;
      const retryable = outcome.kind === 'network' || (outcome.kind === 'status' && outcome.status >= 500);
      if (!retryable || attempt > retries || this.options.signal?.aborted) throw this.failure(outcome, url, attempt);
      await sleep(delay, this.options.signal);
      delay *= 2;
    }
  }

  private async once(method: string, url: string, body: unknown): Promise<Outcome> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = this.options.signal ? AbortSignal.any([timeout, this.options.signal]) : timeout;
    try {
      const res = await fetch(url, {
        method,
        signal,
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) return { kind: 'status', status: res.status, text: text.slice(0, 300) };
      try {
        return { kind: 'ok', body: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'not_json', text: text.slice(0, 200) };
      }
    } catch (error) {
      if (timeout.aborted) return { kind: 'timeout' };
      if (this.options.signal?.aborted) return { kind: 'aborted' };
      return { kind: 'network', message: networkMessage(error) };
    }
  }

  private failure(outcome: Exclude<Outcome, { kind: 'ok' }>, url: string, attempts: number): DomainError {
    const details = { url, attempts };
    switch (outcome.kind) {
      case 'timeout':
        return conflict('ml_backend_timeout', `the ML backend did not answer ${url} within ${this.options.timeoutMs / 1000} s`, { ...details, timeoutMs: this.options.timeoutMs });
      case 'network':
        return conflict('ml_backend_unreachable', `the ML backend at ${url} is unreachable (${outcome.message}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`, { ...details, reason: outcome.message });
      case 'status':
        return conflict('ml_backend_error', `the ML backend answered ${url} with HTTP ${outcome.status}${outcome.text ? `: ${outcome.text}` : ''}`, { ...details, status: outcome.status });
      case 'not_json':
        return conflict('ml_backend_bad_response', `the ML backend's answer to ${url} is not JSON: ${JSON.stringify(outcome.text)}`, details);
      case 'aborted':
        return conflict('ml_backend_aborted', `the call to ${url} was interrupted (the job stopped)`, details);
    }
  }
}

type Outcome =
  | { kind: 'ok'; body: unknown }
  | { kind: 'status'; status: number; text: string }
  | { kind: 'not_json'; text: string }
  | { kind: 'network'; message: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

function parseOrThrow<T>(body: unknown, parse: (b: unknown) => T, base: string, path: string): T {
  try {
    return parse(body);
  } catch (error) {
    if (error instanceof MlProtocolError) {
      const details = { url: `${base}${path}`, ...error.details };
      const message = `${base}${path}: ${error.message}`;
      throw error.code === 'ml_backend_wrong_count' ? conflict('ml_backend_wrong_count', message, details) : conflict('ml_backend_bad_response', message, details);
    }
    throw error;
  }
}

/** The cause fetch hides behind "fetch failed": ECONNREFUSED, "other side closed", a DNS failure. */
function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
