import { z } from 'zod';

/**
 * The label-studio-ml-backend protocol as Biaozhu speaks it (HumanSignal/label-studio-ml-backend,
 * label_studio_ml/api.py): `GET /health` answers `{status: "UP", ...}`; `POST /setup` takes
 * `{project, schema, hostname, access_token, extra_params}` (schema: the label config as Label Studio XML) and answers
 * `{model_version}`; `POST /predict` takes `{tasks, label_config, project, params}` and answers `{results: [...]}`,
 * one entry per task in the order sent, each `{result: [...], score, model_version}` (or a list of them: the first is
 * taken). Older backends also put `model_version` beside `results`. Pure: no I/O here (ml-client.ts sends).
 */

/** What a backend is told about the project: Label Studio sends `"<id>.<created at, epoch seconds>"`. */
export function protocolProjectId(project: { id: number; created_at: number }): string {
  return `${project.id}.${Math.floor(project.created_at / 1000)}`;
}

/** A task as sent to `/predict`: Label Studio's task shape (id and data). */
export interface ProtocolTask {
  id: number;
  data: Record<string, unknown>;
}

export interface PredictRequest {
  tasks: ProtocolTask[];
  label_config: string;
  project: string;
  params: { context: Record<string, unknown> };
}

export function predictRequest(tasks: ProtocolTask[], labelConfigXml: string, project: string): PredictRequest {
  return { tasks, label_config: labelConfigXml, project, params: { context: {} } };
}

export function setupRequest(labelConfigXml: string, project: string) {
  return { project, schema: labelConfigXml, hostname: '', access_token: '', extra_params: {} };
}

/** One task's prediction as a backend answered it, before its items are checked against the config. */
export interface BackendPrediction {
  result: unknown[];
  score: number | null;
  modelVersion: string | null;
}

/** A protocol answer that cannot be used; `code` is a stable error code, the message says what was wrong. */
export class MlProtocolError extends Error {
  constructor(
    readonly code: 'ml_backend_bad_response' | 'ml_backend_wrong_count',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'MlProtocolError';
  }
}

const predictionValue = z.object({
  result: z.array(z.unknown()).default([]),
  score: z.number().nullable().optional(),
  model_version: z.union([z.string(), z.number()]).nullable().optional(),
});
const predictResponse = z.object({
  results: z.array(z.union([predictionValue, z.array(predictionValue)])),
  model_version: z.union([z.string(), z.number()]).nullable().optional(),
});

const version = (v: string | number | null | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));

/**
 * The predictions of a `/predict` answer, one per task sent, in order. Throws MlProtocolError when the body is not
 * the protocol's shape or holds another number of results than `expected` (both name what they got).
 */
export function parsePredictResponse(body: unknown, expected: number): BackendPrediction[] {
  const parsed = predictResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
    throw new MlProtocolError('ml_backend_bad_response', `the /predict answer is not {results: [...]}: ${where ? `${where.replace(/^\./, '')}: ` : ''}${issue?.message ?? 'unreadable'}`, {
      field: where.replace(/^\./, '') || null,
    });
  }
  const { results } = parsed.data;
  if (results.length !== expected) {
    throw new MlProtocolError('ml_backend_wrong_count', `the backend answered ${results.length} results for ${expected} tasks (one per task, in order, is expected)`, {
      expected,
      got: results.length,
    });
  }
  const fallback = version(parsed.data.model_version);
  return results.map((entry) => {
    const first = Array.isArray(entry) ? entry[0] : entry;
    if (!first) return { result: [], score: null, modelVersion: fallback };
    return { result: first.result, score: first.score ?? null, modelVersion: version(first.model_version) ?? fallback };
  });
}

const setupResponse = z.object({ model_version: z.union([z.string(), z.number()]).nullable().optional() }).passthrough();

/** The model version a `/setup` answer names, or null when it names none. */
export function parseSetupResponse(body: unknown): { modelVersion: string | null } {
  const parsed = setupResponse.safeParse(body);
  if (!parsed.success) throw new MlProtocolError('ml_backend_bad_response', 'the /setup answer is not a JSON object');
  return { modelVersion: version(parsed.data.model_version) };
}

const healthResponse = z.object({ status: z.string() }).passthrough();

/** A `/health` answer: UP, or the status it named (anything else is a bad response). */
export function parseHealthResponse(body: unknown): { status: string; details: Record<string, unknown> } {
  const parsed = healthResponse.safeParse(body);
  if (!parsed.success) throw new MlProtocolError('ml_backend_bad_response', 'the /health answer is not {status: ...}');
  const { status, ...details } = parsed.data;
  return { status, details };
}
