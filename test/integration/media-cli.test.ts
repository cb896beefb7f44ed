import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser } from '@biaozhu/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../support/run-cli.js';
import { DIALECTS } from '../support/test-db.js';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.js';

describe.each(DIALECTS)('biaozhu import of an image folder on %s', (dialect) => {
  let server: TestServer;
  let manager: ApiClient;
  let work: string;
  let mediaDir: string;
  const cli = cliRunner(() => ({ ...server.env, BIAOZHU_MEDIA_DIR: mediaDir }), () => work);

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-cli-images-'));
    mediaDir = path.join(work, 'media');
    server = await startTestServer(dialect, { media: { store: 'local', dir: mediaDir, refBuckets: [], presignSeconds: 60 } });
    await createUser(server.ctx, { email: 'manager@c.local', password: 'password-manager', role: 'manager' });
    manager = await ApiClient.login(server.baseUrl, 'manager@c.local', 'password-manager');
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('stores the folder\'s images and makes tasks the server serves byte for byte', async () => {
    const made = await manager.request('POST', '/api/projects', {
      name: 'cli photos',
      labelConfig: { objects: [{ type: 'image', name: 'image', value: 'image' }], controls: [{ type: 'choices', name: 'c', toName: 'image', choices: [{ value: 'ok' }] }] },
      overlap: 1,
    });
    const projectId = String(made.body.project.id);
    const folder = path.join(work, 'photos');
    fs.mkdirSync(path.join(folder, 'day1'), { recursive: true });
    const a = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 9, g: 9, b: 9 } } }).png().toBuffer();
    const b = await sharp({ create: { width: 20, height: 50, channels: 3, background: { r: 99, g: 9, b: 9 } } }).jpeg().toBuffer();
    fs.writeFileSync(path.join(folder, 'day1', 'a.png'), a);
    fs.writeFileSync(path.join(folder, 'b.jpg'), b);
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image');
    const run = await cli('import', '--project', projectId, 'photos', '--source', 'camera', '--license', 'contract 9');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('2 tasks created');
    const tasks = await server.db.kysely.selectFrom('tasks').select(['external_id', 'data']).where('project_id', '=', Number(projectId)).orderBy('external_id').execute();
    expect(tasks.map((t) => t.external_id)).toEqual(['b.jpg', 'day1/a.png']);
    for (const [task, bytes] of [[tasks[0]!, b], [tasks[1]!, a]] as const) {
      const data = JSON.parse(task.data) as { image: string };
      const res = await fetch(`${server.baseUrl}${data.image}`, { headers: { cookie: manager.cookie } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });
});
