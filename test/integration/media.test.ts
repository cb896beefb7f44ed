import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApiToken, createUser, type MediaSettings } from '@biaozhu/core';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestS3, type TestS3 } from '../support/s3-server.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, uploadTasks, type TestServer } from '../support/test-server.js';

const IMAGE_CONFIG = {
  objects: [{ type: 'image', name: 'image', value: 'image' }],
  controls: [{ type: 'choices', name: 'defect', toName: 'image', choices: [{ value: 'ok' }, { value: 'scratch' }] }],
};
const SOURCE = { sourceName: 'line camera 3', sourceLicense: 'contract 17', collectionMethod: 'factory camera', containsPersonalInfo: 'false' };

/** A real picture of the given size and colour (so every image has its own bytes), as PNG or JPEG. */
async function picture(width: number, height: number, red: number, format: 'png' | 'jpeg'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: red, g: 80, b: 160 } } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 90 }).toBuffer();
}

/** Sends a multipart import: either one `file`, or several `images` parts named by their paths. */
async function upload(client: ApiClient, projectId: number, parts: { field: 'file' | 'images'; name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...SOURCE, ...fields })) form.append(k, v);
  for (const p of parts) form.append(p.field, new Blob([p.bytes]), p.name);
  const res = await fetch(`${client.baseUrl}/api/projects/${projectId}/imports`, { method: 'POST', headers: { cookie: client.cookie, 'x-csrf-token': client.csrf }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

/** GET (or HEAD) as the client, as a browser's <img> would: cookie only, raw bytes back. */
async function fetchAs(client: ApiClient | null, url: string, headers: Record<string, string> = {}, method = 'GET') {
  const h: Record<string, string> = { ...headers };
  if (client?.token) h.authorization = `Bearer ${client.token}`;
  else if (client) h.cookie = client.cookie;
  const res = await fetch(`${client?.baseUrl ?? ''}${url}`, { method, headers: h, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

type StoreKind = 'local' | 's3';
const STORES: StoreKind[] = ['local', 's3'];

describe.each(DIALECTS.flatMap((d) => STORES.map((s) => [d, s] as const)))('media on %s with the %s store', (dialect, storeKind) => {
  let s3: TestS3;
  let server: TestServer;
  let mediaDir: string;
  let manager: ApiClient;
  let annotator: ApiClient;
  let outsider: ApiClient;
  let client: ApiClient;
  let otherClient: ApiClient;
  let tokenClient: ApiClient;
  let projectId: number;
  let otherProjectId: number;
  const png: Record<'a' | 'b', Buffer> = { a: Buffer.alloc(0), b: Buffer.alloc(0) };
  let jpeg: Buffer = Buffer.alloc(0);

  beforeAll(async () => {
    s3 = await startTestS3(['media-bucket', 'camera-archive']);
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-media-'));
    const media: MediaSettings = {
      store: storeKind,
      dir: mediaDir,
      s3: s3.settings,
      refBuckets: ['camera-archive'],
      presignSeconds: 120,
    };
    server = await startTestServer(dialect, { media });
    await createUser(server.ctx, { email: 'manager@m.local', password: 'password-manager', role: 'manager' });
    for (const [email, role] of [
      ['annotator@m.local', 'annotator'],
      ['outsider@m.local', 'annotator'],
      ['client@m.local', 'client'],
      ['other-client@m.local', 'client'],
    ] as const) {
      await createUser(server.ctx, { email, password: `password-${email}`, role });
    }
    manager = await ApiClient.login(server.baseUrl, 'manager@m.local', 'password-manager');
    annotator = await ApiClient.login(server.baseUrl, 'annotator@m.local', 'password-annotator@m.local');
    outsider = await ApiClient.login(server.baseUrl, 'outsider@m.local', 'password-outsider@m.local');
    client = await ApiClient.login(server.baseUrl, 'client@m.local', 'password-client@m.local');
    otherClient = await ApiClient.login(server.baseUrl, 'other-client@m.local', 'password-other-client@m.local');
    tokenClient = new ApiClient(server.baseUrl);
    tokenClient.token = await createApiToken(server.ctx, 'manager@m.local', 'media test');
    const made = await manager.request('POST', '/api/projects', { name: 'defects', labelConfig: IMAGE_CONFIG, overlap: 1 });
    projectId = made.body.project.id;
    const other = await manager.request('POST', '/api/projects', { name: 'other line', labelConfig: IMAGE_CONFIG, overlap: 1 });
    otherProjectId = other.body.project.id;
    // open to their members only, so an annotator of the organisation who is not listed is an outsider
    for (const id of [projectId, otherProjectId]) expect((await manager.request('PUT', `/api/projects/${id}/access`, { access: 'members' })).status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [annotator.userId], projectRole: 'annotator' })).status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${projectId}/members`, { userIds: [client.userId], projectRole: 'client' })).status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${otherProjectId}/members`, { userIds: [outsider.userId], projectRole: 'annotator' })).status).toBe(200);
    expect((await manager.request('POST', `/api/projects/${otherProjectId}/members`, { userIds: [otherClient.userId], projectRole: 'client' })).status).toBe(200);
    png.a = await picture(64, 48, 10, 'png');
    png.b = await picture(640, 480, 200, 'png');
    jpeg = await picture(300, 200, 120, 'jpeg');
  });

  afterAll(async () => {
    await server?.stop();
    await s3?.stop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  const tasksOf = async (id: number) => {
    const rows = await server.db.kysely.selectFrom('tasks').select(['id', 'external_id', 'data']).where('project_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, externalId: r.external_id, data: JSON.parse(r.data) as { image: string; width: number; height: number } }));
  };
  const mediaCount = async () => Number((await server.db.kysely.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const localObjects = () => (fs.existsSync(mediaDir) ? fs.readdirSync(mediaDir, { recursive: true }).filter((f) => fs.statSync(path.join(mediaDir, String(f))).isFile()).length : 0);

  it('imports a zip of images as tasks that point at served, byte-identical images with their sizes', async () => {
    const zip = zipSync({ 'line3/a.png': png.a, 'line3/b.png': png.b, 'line3/c.jpg': jpeg, '__MACOSX/._a.png': new Uint8Array([0, 1]) });
    const up = await upload(manager, projectId, [{ field: 'file', name: 'batch.zip', bytes: zip }]);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.import.tasksCreated).toBe(3);
    const tasks = await tasksOf(projectId);
    expect(tasks.map((t) => [t.externalId, t.data.width, t.data.height])).toEqual([
      ['line3/a.png', 64, 48],
      ['line3/b.png', 640, 480],
      ['line3/c.jpg', 300, 200],
    ]);
    const originals = [png.a, png.b, jpeg];
    for (const [i, task] of tasks.entries()) {
      expect(task.data.image).toMatch(new RegExp(`^/api/projects/${projectId}/media/\\d+$`));
      const got = await fetchAs(manager, task.data.image);
      expect(got.status).toBe(200);
      expect(got.bytes.equals(originals[i]!)).toBe(true);
      expect(got.headers.get('content-type')).toBe(i === 2 ? 'image/jpeg' : 'image/png');
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(got.headers.get('content-security-policy')).toContain('sandbox');
      expect(got.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    }
  });

  it('answers If-None-Match with 304, HEAD with the size and no body, one Range with 206 and several with 416', async () => {
    const [task] = await tasksOf(projectId);
    const url = task!.data.image;
    const first = await fetchAs(manager, url);
    const etag = first.headers.get('etag')!;
    const again = await fetchAs(manager, url, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    const head = await fetchAs(manager, url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(png.a.length));
    expect(head.bytes.length).toBe(0);
    const part = await fetchAs(manager, url, { range: 'bytes=8-23' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 8-23/${png.a.length}`);
    expect(part.bytes.equals(png.a.subarray(8, 24))).toBe(true);
    const tail = await fetchAs(manager, url, { range: 'bytes=-10' });
    expect(tail.bytes.equals(png.a.subarray(png.a.length - 10))).toBe(true);
    for (const range of ['bytes=0-1,4-5', `bytes=${png.a.length}-`, 'bytes=x-y']) {
      const refused = await fetchAs(manager, url, { range });
      expect(refused.status, range).toBe(416);
      expect(refused.headers.get('content-range')).toBe(`bytes */${png.a.length}`);
    }
  });

  it('serves a 160 px WebP thumbnail, made once and stored beside the original', async () => {
    const tasks = await tasksOf(projectId);
    const big = tasks[1]!;
    const thumb = await fetchAs(manager, `${big.data.image}/thumb`);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(thumb.bytes).metadata();
    expect(meta.format).toBe('webp');
    expect([meta.width, meta.height]).toEqual([160, 120]);
    const again = await fetchAs(manager, `${big.data.image}/thumb`);
    expect(again.bytes.equals(thumb.bytes)).toBe(true);
    expect((await fetchAs(manager, `${big.data.image}/thumb`, { 'if-none-match': thumb.headers.get('etag')! })).status).toBe(304);
    // a small image is not enlarged
    const small = await sharp((await fetchAs(manager, `${tasks[0]!.data.image}/thumb`)).bytes).metadata();
    expect([small.width, small.height]).toEqual([64, 48]);
  });

  it('imports a folder and separate files, storing images already held only once', async () => {
    const objectsBefore = storeKind === 'local' ? localObjects() : 0;
    const mediaBefore = await mediaCount();
    const fresh = await picture(32, 32, 250, 'png');
    const folder = await upload(manager, projectId, [
      { field: 'images', name: 'shift2/a.png', bytes: png.a },
      { field: 'images', name: 'shift2/sub/new.png', bytes: fresh },
    ]);
    expect(folder.status, JSON.stringify(folder.body)).toBe(201);
    expect(folder.body.import.tasksCreated).toBe(2);
    const files = await upload(manager, projectId, [
      { field: 'images', name: 'one.jpg', bytes: jpeg },
      { field: 'images', name: 'two.png', bytes: png.b },
    ]);
    expect(files.status, JSON.stringify(files.body)).toBe(201);
    expect(files.body.import.tasksCreated).toBe(2);
    // only the new picture is a new media row (and a new object); the others reuse what the zip stored
    expect(await mediaCount()).toBe(mediaBefore + 1);
    if (storeKind === 'local') expect(localObjects()).toBe(objectsBefore + 1);
    const tasks = await tasksOf(projectId);
    const byName = new Map(tasks.map((t) => [t.externalId, t]));
    expect(byName.get('shift2/a.png')!.data.image).toBe(byName.get('line3/a.png')!.data.image);
    const got = await fetchAs(annotator, byName.get('shift2/sub/new.png')!.data.image);
    expect(got.bytes.equals(fresh)).toBe(true);
  });

  it('refuses bad uploads with a 400 that names the problem, and keeps nothing of them', async () => {
    const tasksBefore = (await tasksOf(projectId)).length;
    const mediaBefore = await mediaCount();
    const objectsBefore = storeKind === 'local' ? localObjects() : 0;
    const unseen = await picture(20, 20, 33, 'png');
    const cases: [string, { field: 'file' | 'images'; name: string; bytes: Uint8Array }[], string][] = [
      ['not an image', [{ field: 'file', name: 'x.zip', bytes: zipSync({ 'ok.png': unseen, 'fake.png': new TextEncoder().encode('hello, not a picture') }) }], 'bad_image'],
      ['truncated zip', [{ field: 'file', name: 't.zip', bytes: zipSync({ 'a.png': png.a, 'b.png': unseen }).subarray(0, 200) }], 'bad_zip'],
      ['path traversal in a file name', [{ field: 'images', name: '../../etc/evil.png', bytes: unseen }], 'bad_file_name'],
      ['an SVG only', [{ field: 'file', name: 's.zip', bytes: zipSync({ 'x.svg': new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }) }], 'empty_file'],
      ['an SVG named .png', [{ field: 'images', name: 'x.png', bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>') }], 'unsupported_image'],
    ];
    for (const [what, parts, code] of cases) {
      const up = await upload(manager, projectId, parts);
      expect(up.status, `${what}: ${JSON.stringify(up.body)}`).toBe(400);
      expect(up.body.error.code, what).toBe(code);
    }
    expect((await tasksOf(projectId)).length).toBe(tasksBefore);
    expect(await mediaCount()).toBe(mediaBefore);
    if (storeKind === 'local') expect(localObjects()).toBe(objectsBefore);
  });

  it('refuses an upload over the limit with a 413 and keeps nothing', async () => {
    const small = await startTestServer(dialect, { uploadLimit: 1000, media: { store: 'local', dir: mediaDir, refBuckets: [], presignSeconds: 60 } });
    try {
      await createUser(small.ctx, { email: 'm@m.local', password: 'password-m', role: 'manager' });
      const m = await ApiClient.login(small.baseUrl, 'm@m.local', 'password-m');
      const p = await m.request('POST', '/api/projects', { name: 'tiny', labelConfig: IMAGE_CONFIG, overlap: 1 });
      const up = await upload(m, p.body.project.id, [{ field: 'images', name: 'big.png', bytes: png.b }]);
      expect(up.status).toBe(413);
      expect(up.body.error.code).toBe('file_too_large');
      expect(await small.db.kysely.selectFrom('media').selectAll().execute()).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('shows images only to people who may see the project: 401 without a login, 404 to outsiders', async () => {
    const [task] = await tasksOf(projectId);
    const url = task!.data.image;
    const anonymous = await fetch(`${server.baseUrl}${url}`);
    expect(anonymous.status).toBe(401);
    expect((await fetchAs(outsider, url)).status).toBe(404);
    expect((await fetchAs(outsider, `${url}/thumb`)).status).toBe(404);
    expect((await fetchAs(otherClient, url)).status).toBe(404);
    // a member of the project may read it through another project's address neither
    const mediaId = url.split('/').pop()!;
    expect((await fetchAs(outsider, `/api/projects/${otherProjectId}/media/${mediaId}`)).status).toBe(404);
    expect((await fetchAs(annotator, url)).status).toBe(200);
    expect((await fetchAs(client, url)).status).toBe(200);
    expect((await fetchAs(tokenClient, url)).status).toBe(200);
  });

  it('redirects an s3:// reference a task holds to a short-lived presigned URL, and refuses others', async () => {
    const pic = await picture(50, 40, 70, 'png');
    await s3.put('camera-archive', 'line3/ref.png', pic, 'image/png');
    const ref = 's3://camera-archive/line3/ref.png';
    const up = await uploadTasks(manager, otherProjectId, 'refs.jsonl', JSON.stringify({ image: ref, width: 50, height: 40 }) + '\n', SOURCE);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const [task] = await tasksOf(otherProjectId);
    const route = `/api/projects/${otherProjectId}/tasks/${task!.id}/s3-object?ref=${encodeURIComponent(ref)}`;
    const redirect = await fetchAs(outsider, route);
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('cache-control')).toContain('no-store');
    const location = redirect.headers.get('location')!;
    expect(location).toContain('X-Amz-Expires=120');
    const object = await fetch(location);
    expect(object.status).toBe(200);
    expect(Buffer.from(await object.arrayBuffer()).equals(pic)).toBe(true);
    // not a member: hidden; a reference the task does not hold, or another bucket: not signed
    expect((await fetchAs(annotator, route)).status).toBe(404);
    const other = `/api/projects/${otherProjectId}/tasks/${task!.id}/s3-object?ref=${encodeURIComponent('s3://camera-archive/secret.png')}`;
    expect((await fetchAs(outsider, other)).status).toBe(404);
    expect((await fetch(`${server.baseUrl}${route}`, { redirect: 'manual' })).status).toBe(401);
  });
});
