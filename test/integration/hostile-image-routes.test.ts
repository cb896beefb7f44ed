import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWithRole } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * Hostile input on the image routes: the image upload (a zip or a folder of `images` parts), the stored image's GET,
 * the ML backend's settings, test and predict, and the background image exports. Each answers a 4xx that names what
 * is wrong; the server keeps serving; nothing is half-written (no task, no media row, no settings, no job).
 */
const IMAGE_CONFIG = {
  objects: [{ type: 'image', name: 'image', value: 'image' }],
  controls: [{ type: 'rectangles', name: 'box', toName: 'image', labels: [{ value: 'car' }] }],
};
const SOURCE = { sourceName: 'camera', sourceLicense: 'contract 1', collectionMethod: 'camera', containsPersonalInfo: 'false' };
const deepObjectText = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const MEGABYTE_STRING = 'x'.repeat(1024 * 1024);
/** Half a megabyte: under the server's body limit, so the route's own checks answer (a megabyte is a 413 before them). */
const LONG_STRING = 'x'.repeat(512 * 1024);

const png = (red: number) => sharp({ create: { width: 4, height: 3, channels: 3, background: { r: red, g: 10, b: 10 } } }).png().toBuffer();

async function upload(client: ApiClient, projectId: number, parts: { field: 'file' | 'images'; name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...SOURCE, ...fields })) form.append(k, v);
  for (const p of parts) form.append(p.field, new Blob([p.bytes]), p.name);
  const res = await fetch(`${client.baseUrl}/api/projects/${projectId}/imports`, { method: 'POST', headers: { cookie: client.cookie, 'x-csrf-token': client.csrf }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(DIALECTS)('hostile input on the image routes on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let projectId: number;
  let mediaId: number;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    ({ manager } = await seedPeople(server, 0));
    projectId = await newProject('images');
    const first = await upload(manager, projectId, [{ field: 'images', name: 'a.png', bytes: await png(1) }]);
    expect(first.status).toBe(201);
    mediaId = Number((await server.db.kysely.selectFrom('media').select('id').where('project_id', '=', projectId).executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => server?.stop());

  async function newProject(name: string): Promise<number> {
    const created = await manager.request('POST', '/api/projects', { name: `${name}-${Date.now()}-${Math.random()}`, labelConfig: IMAGE_CONFIG });
    expect(created.status).toBe(201);
    return created.body.project.id as number;
  }
  const count = async (table: 'tasks' | 'media', id: number) =>
    Number((await server.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', id).executeTakeFirstOrThrow()).n);
  const stillServing = async () => expect((await manager.request('GET', '/api/health')).status).toBe(200);

  describe('image upload', () => {
    it.each([
      ['path traversal', '../../etc/passwd.png'],
      ['an absolute path', '/etc/passwd.png'],
      ['a Windows drive path', 'C:\\Windows\\a.png'],
      ['a NUL byte', 'a\u0000b.png'],
      // (A lone surrogate cannot be sent: FormData encodes the name as UTF-8, which turns it into U+FFFD.)
    ])('refuses an images part named with %s, naming the part, and stores nothing', async (_what, name) => {
      const id = await newProject('names');
      const res = await upload(manager, id, [
        { field: 'images', name: 'fine.png', bytes: await png(2) },
        { field: 'images', name, bytes: await png(3) },
      ]);
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toMatch(/^images/);
      expect(await count('tasks', id)).toBe(0);
      expect(await count('media', id)).toBe(0);
      await stillServing();
    });

    it.each([
      ['path traversal', '../../etc/passwd.png', { code: 'bad_zip', details: { field: 'file' } }],
      ['an absolute path', '/etc/passwd.png', { code: 'bad_zip', details: { field: 'file' } }],
      ['a NUL byte', 'dir/a\u0000b.png', { code: 'invalid_text', details: { field: 'fileName' } }],
    ])('refuses a zip entry named with %s, naming it, and stores nothing', async (_what, name, error) => {
      const id = await newProject('zip');
      const zip = zipSync({ 'fine.png': await png(4), [name]: await png(5) });
      const res = await upload(manager, id, [{ field: 'file', name: 'images.zip', bytes: zip }]);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject(error);
      expect(res.body.error.message).toContain(name.replace('\u0000', '\\u0000'));
      expect(await count('tasks', id)).toBe(0);
      expect(await count('media', id)).toBe(0);
      await stillServing();
    });

    it('refuses a 1 MB source field, naming it, and stores nothing', async () => {
      const id = await newProject('field');
      const res = await upload(manager, id, [{ field: 'images', name: 'a.png', bytes: await png(6) }], { sourceName: MEGABYTE_STRING });
      expect(res.status).toBe(400);
      expect(res.body.error.details.field).toBe('sourceName');
      expect(await count('media', id)).toBe(0);
    });
  });

  describe('stored image GET', () => {
    it.each([
      ['a word', 'abc'],
      ['a negative id', '-1'],
      ['a fraction', '1.5'],
      ['a number past 2^53', '99999999999999999999'],
      ['path traversal', '..%2F..%2Fetc%2Fpasswd'],
      ['a NUL byte', '1%00'],
      ['a 1 MB id', 'x'.repeat(100_000)],
    ])('answers a media id that is %s with a 4xx naming mediaId', async (_what, id) => {
      for (const suffix of ['', '/thumb']) {
        const res = await manager.request('GET', `/api/projects/${projectId}/media/${id}${suffix}`);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        if (res.status === 400) expect(JSON.stringify(res.body.error)).toContain('mediaId');
      }
      await stillServing();
    });

    it("does not serve another project's image under this project's id", async () => {
      const other = await newProject('other');
      const res = await manager.request('GET', `/api/projects/${other}/media/${mediaId}`);
      expect(res.status).toBe(404);
      expect((await manager.request('GET', `/api/projects/${projectId}/media/${mediaId}`)).status).toBe(200);
    });
  });

  describe('ML backend settings, test and predict', () => {
    const badUrls: [string, unknown][] = [
      ['file://', 'file:///etc/passwd'],
      ['javascript:', 'javascript:alert(1)'],
      ['ftp://', 'ftp://127.0.0.1/model'],
      ['no scheme', '127.0.0.1:9090'],
      ['2 KB long', `http://127.0.0.1/${'a'.repeat(2048)}`],
      ['NUL in it', 'http://127.0.0.1:9090/\u0000'],
      ['a number', 9090],
      ['an array', ['http://127.0.0.1:9090']],
    ];
    it.each(badUrls)('refuses a backend URL that is %s, naming url, and saves nothing', async (_what, url) => {
      const put = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, { url });
      expect(put.status).toBe(400);
      expect(JSON.stringify(put.body.error.details)).toContain('url');
      const test = await manager.request('POST', `/api/projects/${projectId}/ml-backend/test`, { url });
      expect(test.status).toBe(400);
      expect(JSON.stringify(test.body.error.details)).toContain('url');
      expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.backend).toBeNull();
    });

    it('refuses wrong types and deep nesting in the settings, and a predict without a backend or with an unknown mode', async () => {
      const batch = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, { url: 'http://127.0.0.1:9', batchSize: '10' });
      expect(batch.status).toBe(400);
      expect(JSON.stringify(batch.body.error.details)).toContain('batchSize');
      const huge = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, { url: 'http://127.0.0.1:9', batchSize: 1e12 });
      expect(huge.status).toBe(400);
      expect(huge.body.error.details.field).toBe('batchSize');
      const deep = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, `{"url":"http://127.0.0.1:9","extra":${deepObjectText(100_000)}}`);
      expect(deep.status).toBe(400);
      const array = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, Array.from({ length: 10_000 }, () => 'http://127.0.0.1:9'));
      expect(array.status).toBe(400);
      const bigArray = await manager.request('PUT', `/api/projects/${projectId}/ml-backend`, Array.from({ length: 100_000 }, () => 'http://127.0.0.1:9'));
      expect(bigArray.status).toBe(413);
      expect(bigArray.body.error.code).toBe('body_too_large');
      const mode = await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, { mode: 'everything' });
      expect(mode.status).toBe(400);
      expect(JSON.stringify(mode.body.error.details)).toContain('mode');
      const none = await manager.request('POST', `/api/projects/${projectId}/ml-backend/predict`, {});
      expect(none.status).toBeGreaterThanOrEqual(400);
      expect(none.status).toBeLessThan(500);
      expect((await manager.request('GET', `/api/projects/${projectId}/ml-backend`)).body.backend).toBeNull();
      await stillServing();
    });
  });

  describe('background image exports', () => {
    const jobCount = async () => Number((await server.db.kysely.selectFrom('jobs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    it('refuses an unknown format, wrong types and a 1 MB format, naming the field, and queues nothing', async () => {
      const before = await jobCount();
      for (const body of [{ format: 'tiff' }, { format: LONG_STRING }, { format: ['coco'] }, { format: 'coco', includeImages: 'yes' }, { format: 'coco\u0000' }, { format: 'coco', extra: Array.from({ length: 10_000 }, () => 1) }]) {
        const res = await manager.request('POST', `/api/projects/${projectId}/export-jobs`, body);
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.error.details)).toMatch(/format|includeImages|extra/);
      }
      const huge = await manager.request('POST', `/api/projects/${projectId}/export-jobs`, { format: MEGABYTE_STRING });
      expect(huge.status).toBe(413);
      expect(await jobCount()).toBe(before);
    });

    it.each([['a word', 'abc'], ['a negative id', '-3'], ['a number past 2^53', '99999999999999999999'], ['path traversal', '..%2F..%2Fetc%2Fpasswd'], ['a NUL byte', '1%00']])(
      'answers a job id that is %s with a 4xx naming jobId',
      async (_what, id) => {
        for (const suffix of ['', '/download']) {
          const res = await manager.request('GET', `/api/export-jobs/${id}${suffix}`);
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          if (res.status === 400) expect(JSON.stringify(res.body.error)).toContain('jobId');
        }
      },
    );

    it("does not show or hand over another project's job to someone who may not see that project", async () => {
      // Managers see every project of their organisation (access/project-access.ts); a client sees only its own.
      const hidden = await newProject('hidden');
      const job = await manager.request('POST', `/api/projects/${hidden}/export-jobs`, { format: 'coco', includeImages: false });
      expect(job.status).toBe(202);
      const stranger = await userWithRole(server, 'client');
      expect((await stranger.request('GET', `/api/export-jobs/${job.body.job.id}`)).status).toBe(404);
      expect((await stranger.request('GET', `/api/export-jobs/${job.body.job.id}/download`)).status).toBe(404);
      expect((await stranger.request('GET', `/api/projects/${hidden}/export-jobs`)).status).toBe(404);
    });
  });
});
