import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFilesRoot } from '@biaozhu/core';
import { readCoco, readVoc, readYolo, readZip } from '../support/image-export-readers.js';
import { userWithRole } from '../support/quality-helpers.js';
import { DIALECTS } from '../support/test-db.js';
import { seedPeople, startTestServer, uploadTasks, type ApiClient, type TestServer } from '../support/test-server.js';

/**
 * COCO, YOLO and Pascal VOC exports of an image project through the real HTTP server, read by each format's own
 * rules: streamed, with the images from URLs (a loopback image server, a data: URL, a missing one), and as a
 * background job with progress and a download that membership and the client's view guard.
 */

const CONFIG = {
  objects: [{ type: 'image', name: 'img', value: 'image' }],
  controls: [
    { type: 'rectangles', name: 'box', toName: 'img', labels: [{ value: 'car' }, { value: 'person' }] },
    { type: 'polygons', name: 'seg', toName: 'img', labels: [{ value: 'road' }, { value: 'car' }] },
    { type: 'keypoints', name: 'kp', toName: 'img', labels: [{ value: 'head' }] },
  ],
};
const run = promisify(execFile);
const BIN = path.resolve(import.meta.dirname, '../../bin/biaozhu.js');
const W = 640;
const H = 480;
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SERVED: Record<string, Buffer> = { '/a/street.png': PNG, '/b/street.png': Buffer.concat([PNG, Buffer.from('second')]) };

const region = (from: string, type: string, value: Record<string, unknown>, id: string) => ({ id, from_name: from, to_name: 'img', type, original_width: W, original_height: H, image_rotation: 0, value });
const box = (x: number, y: number, w: number, h: number, rotation: number, label: string, id: string) =>
  region('box', 'rectanglelabels', { x, y, width: w, height: h, rotation, rectanglelabels: [label] }, id);

describe.each(DIALECTS)('image exports on %s', (dialect) => {
  let server: TestServer;
  let images: http.Server;
  let manager: ApiClient;
  let projectId: number;
  const taskOf = new Map<string, number>();
  /** Answers `/held.png` of the image server: the cancel test holds that request open. */
  let onHeld: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
  let imageBase = '';
  let annotator: ApiClient;

  const get = async (who: ApiClient, path: string) => {
    const res = await fetch(`${server.baseUrl}${path}`, { headers: { cookie: who.cookie } });
    return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const exported = async (query: string, who = manager) => {
    const res = await get(who, `/api/projects/${projectId}/export?${query}`);
    expect(res.status, new TextDecoder().decode(res.bytes)).toBe(200);
    return res;
  };
  const waitForExport = async (who: ApiClient, jobId: number) => {
    for (let i = 0; i < 400; i++) {
      const res = await who.request('GET', `/api/export-jobs/${jobId}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      if (res.body.job.status === 'done' || res.body.job.status === 'failed') return res.body.job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`export job ${jobId} did not finish`);
  };

  beforeAll(async () => {
    images = http.createServer((req, res) => {
      if (req.url === '/held.png' && onHeld !== null) return onHeld(req, res);
      const body = SERVED[(req.url ?? '').split('?')[0]!];
      if (body === undefined) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/png' }).end(body);
    });
    await new Promise<void>((r) => images.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    imageBase = base;
    server = await startTestServer(dialect);
    const people = await seedPeople(server, 1);
    manager = people.manager;
    const created = await manager.request('POST', '/api/projects', { name: 'street scenes', labelConfig: CONFIG, overlap: 1 });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    projectId = created.body.project.id;
    const refs = { t1: `${base}/a/street.png`, t2: `${base}/b/street.png?v=2`, t3: `data:image/png;base64,${PNG.toString('base64')}`, t4: `${base}/missing.png`, t5: `${base}/later.png` };
    const lines = Object.entries(refs).map(([key, image]) => JSON.stringify({ image, key }));
    expect((await uploadTasks(manager, projectId, 'images.jsonl', lines.join('\n'))).status).toBe(201);
    const answers: Record<string, unknown[]> = {
      t1: [
        box(10, 10, 20, 10, 0, 'car', 'b1'),
        region('seg', 'polygonlabels', { points: [[0, 50], [50, 50], [50, 100]], polygonlabels: ['road'] }, 'p1'),
        region('kp', 'keypointlabels', { x: 50, y: 50, width: 1, keypointlabels: ['head'] }, 'k1'),
      ],
      t2: [box(50, 10, 10, 20, 90, 'person', 'b2')],
      t3: [],
      t4: [box(0, 0, 50, 50, 0, 'car', 'b4')],
    };
    const worker = people.workers[0]!;
    annotator = worker;
    for (;;) {
      const next = await worker.request('POST', `/api/projects/${projectId}/next`);
      if (next.status === 204) break;
      const key = next.body.assignment.data.key as string;
      taskOf.set(key, next.body.assignment.taskId);
      if (answers[key] === undefined) {
        expect((await worker.request('POST', `/api/assignments/${next.body.assignment.id}/skip`)).status).toBe(200);
        continue;
      }
      const submitted = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: answers[key], idempotencyKey: key });
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    }
    expect(taskOf.size).toBe(5);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => images?.close(r));
  });

  it('COCO: categories in config order, boxes, rotated boxes, polygons and keypoints in pixels', async () => {
    const res = await exported('format=coco');
    expect(res.type).toBe('application/json; charset=utf-8');
    expect(res.disposition).toContain(`project-${projectId}.coco.json`);
    const coco = readCoco(new TextDecoder().decode(res.bytes));
    expect(coco.categories.map((c) => [c.id, c.name])).toEqual([[1, 'car'], [2, 'person'], [3, 'road'], [4, 'head']]);
    expect(coco.categories[3]!.keypoints).toEqual(['head']);
    const t = (k: string) => taskOf.get(k)!;
    expect(coco.images.map((i) => [i.id, i.file_name, i.width, i.height])).toEqual([
      [t('t1'), 'street.png', W, H],
      [t('t2'), `street-${t('t2')}.png`, W, H],
      [t('t3'), `task-${t('t3')}.png`, 0, 0],
      [t('t4'), 'missing.png', W, H],
    ]);
    const of = (k: string) => coco.annotations.filter((a) => a.image_id === t(k));
    const [b1, p1, k1] = of('t1');
    expect(b1).toMatchObject({ category_id: 1, bbox: [64, 48, 128, 48], area: 6144, segmentation: [], iscrowd: 0 });
    expect(p1).toMatchObject({ category_id: 3, bbox: [0, 240, 320, 240], area: 38400, segmentation: [[0, 240, 320, 240, 320, 480]] });
    expect(k1).toMatchObject({ category_id: 4, keypoints: [320, 240, 2], num_keypoints: 1 });
    // rotated 90 degrees clockwise about its top-left corner (320, 48): 64 px wide, 96 px high
    expect(of('t2')).toEqual([
      expect.objectContaining({ category_id: 2, bbox: [224, 48, 96, 64], area: 6144, segmentation: [[320, 48, 320, 112, 224, 112, 224, 48]], attributes: { rotation: 90 } }),
    ]);
    expect(of('t3')).toEqual([]);
    expect(coco.export_summary).toMatchObject({ tasks: 5, images: 4, regions: 5, unanswered: 1, undecided: 0 });
  });

  it('COCO with images: a zip of the images read from their URLs and annotations.json; a missing image is counted', async () => {
    const res = await exported('format=coco&images=true');
    expect(res.type).toBe('application/zip');
    const zip = await readZip(res.bytes);
    const t3 = taskOf.get('t3')!;
    const t2 = taskOf.get('t2')!;
    expect([...zip.keys()].sort()).toEqual(['annotations.json', 'images/street.png', `images/street-${t2}.png`, `images/task-${t3}.png`].sort());
    expect(zip.get('images/street.png')).toEqual(SERVED['/a/street.png']);
    expect(zip.get(`images/street-${t2}.png`)).toEqual(SERVED['/b/street.png']);
    expect(zip.get(`images/task-${t3}.png`)).toEqual(PNG);
    const coco = readCoco(zip.get('annotations.json')!.toString('utf8'));
    // the size of an image without regions is read from its file
    expect(coco.images.find((i) => i.id === t3)).toMatchObject({ width: 1, height: 1 });
    expect(coco.export_summary).toMatchObject({ imagesMissing: 1 });
  });

  it('YOLO: classes.txt, data.yaml and one label file per image, segmentation lines as the project has polygons', async () => {
    const zip = await readZip((await exported('format=yolo')).bytes);
    const yolo = readYolo(zip);
    expect(yolo.classes).toEqual(['car', 'person', 'road', 'head']);
    const t2 = taskOf.get('t2')!;
    expect([...yolo.labels.keys()].sort()).toEqual(['missing', 'street', `street-${t2}`, `task-${taskOf.get('t3')}`].sort());
    expect(yolo.labels.get('street')).toEqual([
      { cls: 0, coords: [0.1, 0.1, 0.3, 0.1, 0.3, 0.2, 0.1, 0.2] },
      { cls: 2, coords: [0, 0.5, 0.5, 0.5, 0.5, 1] },
    ]);
    expect(yolo.labels.get(`street-${t2}`)).toEqual([{ cls: 1, coords: [0.5, 0.1, 0.5, 0.233333, 0.35, 0.233333, 0.35, 0.1] }]);
    expect(yolo.labels.get(`task-${taskOf.get('t3')}`)).toEqual([]);
  });

  it('VOC: an XML file per image with size and objects; rotated boxes by their bounds and robndbox', async () => {
    const zip = await readZip((await exported('format=voc')).bytes);
    const t2 = taskOf.get('t2')!;
    const street = readVoc(zip.get('Annotations/street.xml')!.toString('utf8'));
    expect(street.filename).toBe('street.png');
    expect(street.size).toEqual({ width: W, height: H, depth: 3 });
    expect(street.objects.map((o) => [o.name, o.bndbox])).toEqual([
      ['car', { xmin: 64, ymin: 48, xmax: 192, ymax: 96 }],
      ['road', { xmin: 0, ymin: 240, xmax: 320, ymax: 480 }],
    ]);
    const rotated = readVoc(zip.get(`Annotations/street-${t2}.xml`)!.toString('utf8'));
    expect(rotated.objects).toEqual([
      expect.objectContaining({ name: 'person', bndbox: { xmin: 224, ymin: 48, xmax: 320, ymax: 112 }, robndbox: { cx: 272, cy: 80, w: 64, h: 96, angle: 1.570796 } }),
    ]);
    expect(zip.get('labels.txt')!.toString('utf8')).toBe('car\nperson\nroad\nhead\n');
    expect(zip.get('ImageSets/Main/default.txt')!.toString('utf8').split('\n').filter(Boolean).sort()).toEqual(['missing', 'street', `street-${t2}`, `task-${taskOf.get('t3')}`].sort());
  });

  it('exports only the tasks the task browser\'s filter matches, in COCO and YOLO', async () => {
    const t = (k: string) => taskOf.get(k)!;
    // label=car: the answers of t1 and t4 hold a car box; t2 (a person) and t3 (no regions) are left out
    const coco = readCoco(new TextDecoder().decode((await exported('format=coco&label=car')).bytes));
    expect(coco.images.map((i) => i.id)).toEqual([t('t1'), t('t4')]);
    expect(new Set(coco.annotations.map((a) => a.image_id))).toEqual(new Set([t('t1'), t('t4')]));
    const yolo = readYolo(await readZip((await exported('format=yolo&label=car')).bytes));
    expect([...yolo.labels.keys()].sort()).toEqual(['missing', 'street']);
  });

  it('the CLI exports coco, yolo and voc, with --images in the zip, each readable by its format', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-image-cli-'));
    const cli = (...args: string[]) => run('node', [BIN, 'export', '--project', String(projectId), '--as', 'manager@t.local', ...args], { env: { ...process.env, ...server.env } });
    try {
      await cli('--format', 'coco', '--out', path.join(dir, 'a.coco.json'));
      const coco = readCoco(fs.readFileSync(path.join(dir, 'a.coco.json'), 'utf8'));
      expect(coco.images).toHaveLength(4);
      expect(coco.export_summary).toMatchObject({ tasks: 5, images: 4, regions: 5 });

      await cli('--format', 'yolo', '--images', '--out', path.join(dir, 'a.yolo.zip'));
      const yoloZip = await readZip(fs.readFileSync(path.join(dir, 'a.yolo.zip')));
      expect(readYolo(yoloZip).classes).toEqual(['car', 'person', 'road', 'head']);
      expect(yoloZip.get('images/street.png')).toEqual(SERVED['/a/street.png']);

      await cli('--format', 'voc', '--out', path.join(dir, 'a.voc.zip'));
      const vocZip = await readZip(fs.readFileSync(path.join(dir, 'a.voc.zip')));
      expect(readVoc(vocZip.get('Annotations/street.xml')!.toString('utf8')).objects.map((o) => o.name)).toEqual(['car', 'road']);
      expect([...vocZip.keys()].some((k) => k.startsWith('JPEGImages/'))).toBe(false);

      await cli('--format', 'coco', '--images', '--out', path.join(dir, 'b.coco.zip'));
      const cocoZip = await readZip(fs.readFileSync(path.join(dir, 'b.coco.zip')));
      expect(readCoco(cocoZip.get('annotations.json')!.toString('utf8')).export_summary).toMatchObject({ imagesMissing: 1 });

      await expect(cli('--format', 'jsonl', '--images', '--out', path.join(dir, 'bad.jsonl'))).rejects.toMatchObject({ stderr: expect.stringContaining('--images') });
      expect(fs.readdirSync(dir).sort()).toEqual(['a.coco.json', 'a.voc.zip', 'a.yolo.zip', 'b.coco.zip']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a background export shows progress, offers its file only when done, and gives what the streamed export gives', async () => {
    const started = await manager.request('POST', `/api/projects/${projectId}/export-jobs`, { format: 'voc', includeImages: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const job = await waitForExport(manager, started.body.job.id);
    expect(job).toMatchObject({ status: 'done', progress: 1, tasksDone: 5, tasksTotal: 5, format: 'voc', includeImages: true });
    expect(job.file.name).toMatch(/\.voc\.zip$/);
    const listed = await manager.request('GET', `/api/projects/${projectId}/export-jobs`);
    expect(listed.body.jobs.map((j: { id: number }) => j.id)).toContain(job.id);
    const file = await get(manager, `/api/export-jobs/${job.id}/download`);
    expect(file.status).toBe(200);
    expect(file.bytes.length).toBe(job.file.size);
    const fromJob = await readZip(file.bytes);
    const streamed = await readZip((await exported('format=voc&images=true')).bytes);
    expect([...fromJob.keys()].sort()).toEqual([...streamed.keys()].sort());
    for (const [name, bytes] of streamed) expect(fromJob.get(name), name).toEqual(bytes);
    expect(fromJob.get('JPEGImages/street.png')).toEqual(SERVED['/a/street.png']);
  });

  it('a running background export can be cancelled: it stops, its partial file is deleted and no file is offered', async () => {
    // A project of one answered task whose image the image server holds back, so the export stays running.
    const created = await manager.request('POST', '/api/projects', { name: 'held image', labelConfig: CONFIG, overlap: 1 });
    const heldProject = created.body.project.id as number;
    expect((await uploadTasks(manager, heldProject, 'held.jsonl', JSON.stringify({ image: `${imageBase}/held.png` }))).status).toBe(201);
    const worker = annotator;
    const next = await worker.request('POST', `/api/projects/${heldProject}/next`);
    expect(next.status, JSON.stringify(next.body)).toBe(200);
    const submitted = await worker.request('POST', `/api/assignments/${next.body.assignment.id}/submit`, { result: [box(10, 10, 20, 10, 0, 'car', 'h1')], idempotencyKey: 'held' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);

    let requested!: () => void;
    let released!: () => void;
    const imageAsked = new Promise<void>((resolve) => (requested = resolve));
    const exportLetGo = new Promise<void>((resolve) => (released = resolve));
    const heldResponses: http.ServerResponse[] = [];
    onHeld = (req, res) => {
      heldResponses.push(res);
      req.socket.once('close', released);
      requested();
    };
    try {
      const started = await manager.request('POST', `/api/projects/${heldProject}/export-jobs`, { format: 'yolo', includeImages: true });
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const jobId = started.body.job.id as number;
      await imageAsked;
      const root = exportFilesRoot(server.db);
      expect((await manager.request('GET', `/api/export-jobs/${jobId}`)).body.job.status).toBe('running');
      expect(fs.existsSync(path.join(root, `${jobId}.partial`))).toBe(true);

      const cancelled = await manager.request('POST', `/api/export-jobs/${jobId}/cancel`, {});
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      expect(cancelled.body.job).toMatchObject({ id: jobId, status: 'cancelled', file: null });
      expect(fs.existsSync(path.join(root, `${jobId}.partial`))).toBe(false);
      const again = await manager.request('POST', `/api/export-jobs/${jobId}/cancel`, {});
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({ code: 'job_finished', details: { status: 'cancelled' } });

      // The runner notices at its next heartbeat and stops: the held image read is aborted, and no file appears.
      await exportLetGo;
      const after = await manager.request('GET', `/api/export-jobs/${jobId}`);
      expect(after.body.job).toMatchObject({ status: 'cancelled', file: null });
      expect((await get(manager, `/api/export-jobs/${jobId}/download`)).status).toBe(409);
      expect(fs.readdirSync(root).filter((f) => f.startsWith(`${jobId}.`) || f.includes(`-export-${jobId}.`))).toEqual([]);
      // Someone outside the project cannot cancel its exports (nor learn they exist).
      const stranger = await userWithRole(server, 'client');
      expect((await stranger.request('POST', `/api/export-jobs/${jobId}/cancel`, {})).status).toBe(404);
    } finally {
      onHeld = null;
      for (const res of heldResponses) res.destroy();
    }
  }, 60_000);

  it("clients download only exports made in a client's view; people outside the project see none", async () => {
    const staffJob = (await manager.request('POST', `/api/projects/${projectId}/export-jobs`, { format: 'coco', includeImages: false })).body.job;
    await waitForExport(manager, staffJob.id);
    const client = await userWithRole(server, 'client');
    const outsider = await userWithRole(server, 'client');
    expect((await manager.request('POST', `/api/projects/${projectId}/clients`, { userId: client.userId })).status).toBe(200);
    const refused = await client.request('GET', `/api/export-jobs/${staffJob.id}/download`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('export_names_workers');
    const own = await client.request('POST', `/api/projects/${projectId}/export-jobs`, { format: 'coco', includeImages: false });
    expect(own.status, JSON.stringify(own.body)).toBe(202);
    await waitForExport(client, own.body.job.id);
    const file = await get(client, `/api/export-jobs/${own.body.job.id}/download`);
    expect(file.status).toBe(200);
    expect(readCoco(new TextDecoder().decode(file.bytes)).images).toHaveLength(4);
    expect((await outsider.request('GET', `/api/export-jobs/${own.body.job.id}`)).status).toBe(404);
    expect((await outsider.request('GET', `/api/export-jobs/${own.body.job.id}/download`)).status).toBe(404);
  });

  it('refuses image formats on a project without image regions, naming the format', async () => {
    const text = await manager.request('POST', '/api/projects', {
      name: 'texts',
      labelConfig: { objects: [{ type: 'text', name: 't', value: 'text' }], controls: [{ type: 'choices', name: 'c', toName: 't', choices: [{ value: 'a' }, { value: 'b' }] }] },
    });
    const res = await manager.request('GET', `/api/projects/${text.body.project.id}/export?format=yolo`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('format_not_applicable');
    const job = await manager.request('POST', `/api/projects/${text.body.project.id}/export-jobs`, { format: 'coco' });
    expect(job.status).toBe(400);
  });
});
