import type { ApiClient } from './test-server.js';

/** A complete source record as multipart fields. */
export const COMPLETE_SOURCE = {
  sourceName: 'vendor crawl 2026-11',
  sourceLicense: 'contract BZ-2026-017',
  collectionMethod: 'purchased from the client',
  containsPersonalInfo: 'true',
  legalBasis: 'consent',
};

/** Uploads a file with a cleaning pipeline, as the web form does. */
export async function uploadForCleaning(
  client: ApiClient,
  projectId: number,
  fileName: string,
  content: string | Uint8Array,
  pipeline: unknown,
  fields: Record<string, string> = COMPLETE_SOURCE,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('pipeline', typeof pipeline === 'string' ? pipeline : JSON.stringify(pipeline));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof content === 'string' ? content : Buffer.from(content)]), fileName);
  const res = await fetch(`${client.baseUrl}/api/projects/${projectId}/cleaning-jobs`, {
    method: 'POST',
    headers: { cookie: client.cookie, 'x-csrf-token': client.csrf },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Polls a cleaning job until it leaves queued/running (or the timeout passes). */
export async function waitForJob(client: ApiClient, jobId: number, timeoutMs = 30_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.request('GET', `/api/cleaning-jobs/${jobId}`);
    const job = res.body.job;
    if (job && job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > end) throw new Error(`job ${jobId} still ${job?.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** JSONL of `n` review texts, with every 10th a duplicate, every 7th holding a phone number, and full-width text. */
export function sampleJsonl(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const base = i % 10 === 9 ? `评论 ${i - 1}：这家店的服务很好，下次还来。` : `评论 ${i}：这家店的服务很好，下次还来。`;
    const text = i % 7 === 0 ? `${base} 联系我 13812345678` : i % 5 === 0 ? `Ｈｅｌｌｏ ${base}` : base;
    lines.push(JSON.stringify({ text, n: i }));
  }
  return lines.join('\n') + '\n';
}
