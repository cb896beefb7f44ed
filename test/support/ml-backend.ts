import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test backend behaves: answering, dropping connections, too slow, wrong number of results, HTTP 500. */
export type MlBackendMode = 'ok' | 'down' | 'slow' | 'wrong-count' | 'error';

/**
 * A small real ML backend speaking the label-studio-ml-backend protocol on loopback: `GET /health`, `POST /setup`
 * (answers its model version), `POST /predict` (one result per task: a `sentiment` choice by keyword, `PER` spans for
 * the names it knows in `data.text`, a box at a fixed place for `data.image`). `failAfterTasks` switches it to
 * `failMode` once it has answered that many tasks, so a job fails in the middle.
 */
export class TestMlBackend {
  mode: MlBackendMode = 'ok';
  modelVersion = 'keyword-v1';
  slowMs = 2000;
  failAfterTasks: number | undefined;
  failMode: MlBackendMode = 'down';
  /** The ids of the tasks of every /predict call, in order. */
  readonly predicted: number[][] = [];
  readonly setups: { project: string; schema: string }[] = [];
  private server = http.createServer((req, res) => void this.handle(req, res));

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const mode = this.failAfterTasks !== undefined && this.predicted.flat().length >= this.failAfterTasks && req.url === '/predict' ? this.failMode : this.mode;
    if (mode === 'down') {
      req.socket.destroy();
      return;
    }
    if (mode === 'slow') await new Promise((r) => setTimeout(r, this.slowMs));
    if (mode === 'error') return send(res, 500, { error: 'model crashed' });
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'UP', model_class: 'KeywordModel' });
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (req.method === 'POST' && req.url === '/setup') {
      this.setups.push({ project: String(body.project), schema: String(body.schema) });
      return send(res, 200, { model_version: this.modelVersion });
    }
    if (req.method === 'POST' && req.url === '/predict') {
      const tasks = body.tasks as { id: number; data: Record<string, unknown> }[];
      this.predicted.push(tasks.map((t) => t.id));
      const results = tasks.map((t) => ({ result: predict(t.data), score: 0.9, model_version: this.modelVersion }));
      return send(res, 200, { results: mode === 'wrong-count' ? results.slice(1) : results });
    }
    send(res, 404, { error: 'not found' });
  }
}

const NAMES = ['张三', '李四'];

function predict(data: Record<string, unknown>): unknown[] {
  const out: unknown[] = [];
  if (typeof data.text === 'string') {
    const text = data.text;
    const negative = /差|bad/i.test(text);
    out.push({ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [negative ? 'negative' : 'positive'] } });
    for (const name of NAMES) {
      const start = text.indexOf(name);
      if (start >= 0) out.push({ id: `s${start}`, from_name: 'ner', to_name: 'text', type: 'labels', value: { start, end: start + name.length, text: name, labels: ['PER'] } });
    }
  }
  if (typeof data.image === 'string') {
    out.push({ from_name: 'box', to_name: 'image', type: 'rectanglelabels', original_width: 100, original_height: 100, value: { x: 10, y: 10, width: 30, height: 20, rotation: 0, rectanglelabels: ['car'] } });
  }
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
