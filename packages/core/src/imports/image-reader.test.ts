import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { readImageFolder, readImageZip, type ImageFile, type ImageReadOptions } from './image-reader.js';
import type { ParsedTask, SkippedLine } from './types.js';

/** A minimal valid PNG header (signature, IHDR, IEND): enough for a reader that only needs the dimensions. */
function png(width: number, height: number): Uint8Array {
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IEND', Buffer.alloc(0))]);
}

function gif(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  return b;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'biaozhu-images-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(reader: AsyncGenerator<ParsedTask>): Promise<ParsedTask[]> {
  const tasks: ParsedTask[] = [];
  for await (const task of reader) tasks.push(task);
  return tasks;
}

async function failure(reader: AsyncGenerator<ParsedTask>): Promise<DomainError> {
  try {
    await collect(reader);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

async function writeZip(name: string, files: Record<string, Uint8Array>): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, zipSync(files));
  return path;
}

describe('readImageZip', () => {
  it('yields one task per image with its dimensions, ignoring system files and reporting other files', async () => {
    const path = await writeZip('ok.zip', {
      'batch1/cat.png': png(640, 480),
      'batch1/dog.GIF': gif(32, 16),
      '__MACOSX/batch1/._cat.png': new Uint8Array([0, 1, 2]),
      'batch1/.DS_Store': new Uint8Array([0]),
      'notes.txt': new TextEncoder().encode('hello'),
    });
    const skipped: SkippedLine[] = [];
    const tasks = await collect(readImageZip(path, { onSkip: (s) => skipped.push(s) }));
    expect(tasks).toEqual([
      { line: 1, data: { image: 'batch1/cat.png', width: 640, height: 480 }, externalId: 'batch1/cat.png' },
      { line: 2, data: { image: 'batch1/dog.GIF', width: 32, height: 16 }, externalId: 'batch1/dog.GIF' },
    ]);
    expect(skipped).toEqual([{ line: 3, message: expect.stringContaining('notes.txt: not an image'), code: 'not_an_image', details: expect.objectContaining({ file: 'notes.txt' }) }]);
  });

  it('stores each image through the saveImage hook and records what it returns', async () => {
    const path = await writeZip('hook.zip', { 'a.png': png(10, 20) });
    const saved: ImageFile[] = [];
    const options: ImageReadOptions = {
      saveImage: async (file) => {
        saved.push(file);
        return `/api/media/7/${file.name}`;
      },
    };
    const tasks = await collect(readImageZip(path, options));
    expect(tasks[0]?.data).toEqual({ image: '/api/media/7/a.png', width: 10, height: 20 });
    expect(saved[0]).toMatchObject({ name: 'a.png', width: 10, height: 20, type: 'png' });
    expect(saved[0]?.bytes).toEqual(png(10, 20));
  });

  it('names a broken image, or skips it when asked', async () => {
    const path = await writeZip('broken.zip', { 'a.png': png(1, 1), 'b.jpg': new TextEncoder().encode('not really a jpeg'), 'c.png': png(2, 2) });
    const error = await failure(readImageZip(path));
    expect(error.code).toBe('bad_image');
    expect(error.message).toContain('b.jpg');
    const skipped: SkippedLine[] = [];
    const tasks = await collect(readImageZip(path, { skipBadLines: true, onSkip: (s) => skipped.push(s) }));
    expect(tasks.map((t) => t.data.image)).toEqual(['a.png', 'c.png']);
    expect(skipped.map((s) => s.line)).toEqual([2]);
  });

  it('enforces the per-image and total size limits', async () => {
    const path = await writeZip('big.zip', { 'a.png': png(1, 1), 'b.png': Buffer.concat([png(3, 3), Buffer.alloc(5000)]) });
    const tooBig = await failure(readImageZip(path, { maxImageBytes: 1000 }));
    expect(tooBig.code).toBe('record_too_large');
    expect(tooBig.message).toContain('b.png');
    const total = await failure(readImageZip(path, { maxDecompressedBytes: 1000 }));
    expect(total.code).toBe('decompressed_too_large');
  });

  it('refuses entries that escape the archive, and files that are not zips', async () => {
    const slip = await writeZip('slip.zip', { '../evil.png': png(1, 1) });
    expect((await failure(readImageZip(slip))).code).toBe('bad_zip');
    const notZip = join(dir, 'not.zip');
    await writeFile(notZip, 'hello');
    expect((await failure(readImageZip(notZip))).code).toBe('bad_zip');
    const empty = await writeZip('empty.zip', { 'readme.txt': new Uint8Array([65]) });
    expect((await failure(readImageZip(empty))).code).toBe('empty_file');
  });
});

describe('readImageFolder', () => {
  it('walks the folder in name order without following links or reading hidden files', async () => {
    const folder = join(dir, 'folder');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await mkdir(join(folder, '.cache'), { recursive: true });
    await writeFile(join(folder, 'b.png'), png(5, 6));
    await writeFile(join(folder, 'a.gif'), gif(7, 8));
    await writeFile(join(folder, 'sub', 'c.png'), png(9, 10));
    await writeFile(join(folder, '.cache', 'd.png'), png(1, 1));
    await writeFile(join(folder, 'Thumbs.db'), 'x');
    await symlink(join(folder, 'b.png'), join(folder, 'link.png'));
    const progress: number[] = [];
    const tasks = await collect(readImageFolder(folder, { onProgress: (n) => progress.push(n) }));
    expect(tasks.map((t) => t.data)).toEqual([
      { image: 'a.gif', width: 7, height: 8 },
      { image: 'b.png', width: 5, height: 6 },
      { image: 'sub/c.png', width: 9, height: 10 },
    ]);
    expect(progress.at(-1)).toBeGreaterThan(0);
  });

  it('rejects a path that is not a folder', async () => {
    expect((await failure(readImageFolder(join(dir, 'missing')))).code).toBe('bad_folder');
  });
});
