import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser, ensureThumbnail, importImages, mediaOf, THUMBNAIL_SIZE, type Actor } from '@biaozhu/core';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

const IMAGE_CONFIG = {
  objects: [{ type: 'image', name: 'image', value: 'image' }],
  controls: [{ type: 'choices', name: 'defect', toName: 'image', choices: [{ value: 'ok' }, { value: 'scratch' }] }],
};
const SOURCE = { sourceName: 'line camera 3', sourceLicense: 'contract 17', collectionMethod: 'factory camera', containsPersonalInfo: 'false' };

/** A real PNG of its own colour. */
function picture(width: number, height: number, red: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 80, b: 160 } } }).png().toBuffer();
}

/**
 * A zip whose entry `name` claims `declared` bytes once inflated, whatever it really holds: the size fields of its
 * local header (offset 22) and of its central directory record (offset 24) are overwritten, as a hostile archiver
 * would write them.
 */
function withDeclaredSize(zip: Uint8Array, name: string, declared: number): Buffer {
  const bytes = Buffer.from(zip);
  const nameBytes = Buffer.from(name);
  let patched = 0;
  for (let at = 0; at + 46 <= bytes.length; at++) {
    const signature = bytes.readUInt32LE(at);
    if (signature === 0x04034b50 && bytes.subarray(at + 30, at + 30 + nameBytes.length).equals(nameBytes)) {
      bytes.writeUInt32LE(declared, at + 22);
      patched += 1;
    } else if (signature === 0x02014b50 && bytes.subarray(at + 46, at + 46 + nameBytes.length).equals(nameBytes)) {
      bytes.writeUInt32LE(declared, at + 24);
      patched += 1;
    }
  }
  if (patched !== 2) throw new Error(`expected a local header and a central record of ${name}, patched ${patched}`);
  return bytes;
}

async function upload(client: ApiClient, projectId: number, name: string, bytes: Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...SOURCE, ...fields })) form.append(k, v);
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`${client.baseUrl}/api/projects/${projectId}/imports`, { method: 'POST', headers: { cookie: client.cookie, 'x-csrf-token': client.csrf }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(DIALECTS)('image upload limits on %s', (dialect) => {
  let server: TestServer;
  let mediaDir: string;
  let manager: ApiClient;
  let actor: Actor;
  let projectId: number;

  beforeAll(async () => {
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-media-limits-'));
    server = await startTestServer(dialect, { media: { store: 'local', dir: mediaDir, refBuckets: [], presignSeconds: 60 } });
    const user = await createUser(server.ctx, { email: 'manager@m.local', password: 'password-manager', role: 'manager' });
    actor = { userId: user.id, role: 'manager', orgId: user.org_id, email: user.email };
    manager = await ApiClient.login(server.baseUrl, 'manager@m.local', 'password-manager');
    projectId = (await manager.request('POST', '/api/projects', { name: 'defects', labelConfig: IMAGE_CONFIG, overlap: 1 })).body.project.id;
  });

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(mediaDir, { recursive: true, force: true });
  });

  const mediaRows = () => server.db.kysely.selectFrom('media').select(['id', 'sha256']).execute();
  const taskCount = async () => (await server.db.kysely.selectFrom('tasks').select('id').where('project_id', '=', projectId).execute()).length;
  const storedFiles = () => (fs.existsSync(mediaDir) ? fs.readdirSync(mediaDir, { recursive: true }).filter((f) => fs.statSync(path.join(mediaDir, String(f))).isFile()).map(String) : []);
  const lastImport = async () =>
    server.db.kysely.selectFrom('imports').select(['status', 'error']).where('project_id', '=', projectId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();

  it('refuses a zip entry that declares far more than the image limit before inflating it, and keeps the images stored before it', async () => {
    const zeros = new Uint8Array(1024 * 1024);
    // A good picture first (stored, then taken back), then an entry that says it unpacks to 3.75 GiB.
    const zip = withDeclaredSize(zipSync({ 'a-good.png': await picture(40, 30, 11), 'b-bomb.png': zeros }), 'b-bomb.png', 0xf0000000);
    const up = await upload(manager, projectId, 'declared.zip', zip);
    expect(up.status, JSON.stringify(up.body)).toBe(413);
    expect(up.body.error.code).toBe('record_too_large');
    expect(up.body.error.details).toMatchObject({ file: 'b-bomb.png', limit: 64 * 1024 * 1024 });
    expect(up.body.error.message).toContain('b-bomb.png');
    expect(await mediaRows()).toEqual([]);
    expect(storedFiles()).toEqual([]);
    expect(await taskCount()).toBe(0);
    expect((await lastImport()).status).toBe('failed');
  });

  it('refuses a zip entry that inflates beyond what it declares (80 MiB of zeros said to be 1 KB), keeping nothing', async () => {
    const bomb = new Uint8Array(80 * 1024 * 1024);
    const zip = withDeclaredSize(zipSync({ 'a-good.png': await picture(40, 30, 12), 'b-bomb.png': bomb }, { level: 9 }), 'b-bomb.png', 1024);
    expect(zip.length).toBeLessThan(1024 * 1024);
    const up = await upload(manager, projectId, 'inflating.zip', zip);
    expect(up.status, JSON.stringify(up.body)).toBe(400);
    expect(up.body.error.code).toBe('unreadable_file');
    expect(up.body.error.details).toMatchObject({ file: 'b-bomb.png' });
    expect(up.body.error.message).toMatch(/b-bomb\.png.*too many bytes/);
    expect(await mediaRows()).toEqual([]);
    expect(storedFiles()).toEqual([]);
    expect(await taskCount()).toBe(0);
  });

  it('under skipBadLines leaves the oversized entry out, naming it, and imports the rest', async () => {
    const zip = withDeclaredSize(zipSync({ 'a-good.png': await picture(40, 30, 13), 'b-bomb.png': new Uint8Array(4096) }), 'b-bomb.png', 0xf0000000);
    const up = await upload(manager, projectId, 'skip.zip', zip, { skipBadLines: 'true' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.import.tasksCreated).toBe(1);
    expect(up.body.import.images).toEqual({ stored: 1, reused: 0 });
    expect(up.body.import.skipped).toEqual([expect.objectContaining({ code: 'record_too_large', details: expect.objectContaining({ file: 'b-bomb.png' }) })]);
  });

  it('takes back the thumbnails made of its images while it ran when the import then fails', async () => {
    const store = mediaOf(server.ctx).store;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-thumb-fail-'));
    const zipPath = path.join(dir, 'shots.zip');
    fs.writeFileSync(zipPath, zipSync({ 'one.png': await picture(400, 300, 90), 'two.png': await picture(300, 300, 91) }));
    const before = new Set((await mediaRows()).map((r) => r.id));
    const thumbnailsMade: string[] = [];
    try {
      await expect(
        importImages(server.ctx, store, actor, projectId, zipPath, {
          fileName: 'shots.zip',
          source: { name: 'camera', license: 'contract', collectionMethod: 'camera', containsPersonalInfo: false },
          // The task browser asks for thumbnails of the new images (the thumbnail route), then the import fails.
          beforeCommit: async (trx) => {
            const fresh = (await trx.selectFrom('media').selectAll().where('project_id', '=', projectId).execute()).filter((r) => !before.has(r.id));
            for (const media of fresh) thumbnailsMade.push(await ensureThumbnail(store, media));
            throw new Error('the cleaning job lost its lock');
          },
        }),
      ).rejects.toThrow('lost its lock');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(thumbnailsMade).toHaveLength(2);
    for (const key of thumbnailsMade) expect(key).toMatch(new RegExp(`\\.thumb-${THUMBNAIL_SIZE}\\.webp$`));
    // rows, originals and thumbnails of the two new images are gone; the image of the earlier import is untouched
    const after = await mediaRows();
    expect(after.map((r) => r.id).sort()).toEqual([...before].sort());
    for (const key of thumbnailsMade) expect(await store.size(key)).toBeUndefined();
    const kept = after[0]!;
    expect(storedFiles().filter((f) => !f.includes(kept.sha256))).toEqual([]);
  });
});
