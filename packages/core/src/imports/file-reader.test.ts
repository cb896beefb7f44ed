import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFileFormat, readTasksFromFile } from './file-reader.js';
import type { ParsedTask } from './types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'biaozhu-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(reader: AsyncGenerator<ParsedTask>): Promise<ParsedTask[]> {
  const tasks: ParsedTask[] = [];
  for await (const task of reader) tasks.push(task);
  return tasks;
}

const gif = (w: number, h: number) => {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(w, 6);
  b.writeUInt16LE(h, 8);
  return b;
};

describe('readTasksFromFile', () => {
  it('reads every kind of upload from disk by its content', async () => {
    const jsonl = join(dir, 'upload-1');
    await writeFile(jsonl, gzipSync('{"text":"a"}\n{"text":"b"}\n'));
    const parquet = join(dir, 'upload-2');
    await writeFile(parquet, new Uint8Array(parquetWriteBuffer({ columnData: [{ name: 'text', data: ['p'] }] })));
    const zip = join(dir, 'upload-3');
    await writeFile(zip, zipSync({ 'x.gif': gif(3, 4) }));
    const folder = join(dir, 'folder');
    await mkdir(folder);
    await writeFile(join(folder, 'y.gif'), gif(5, 6));
    const csv = join(dir, 'rows.csv');
    await writeFile(csv, 'text\nc\n');

    expect(await detectFileFormat(jsonl)).toBe('stream');
    expect(await detectFileFormat(parquet)).toBe('parquet');
    expect(await detectFileFormat(zip)).toBe('images');
    expect(await detectFileFormat(folder)).toBe('images');

    expect((await collect(readTasksFromFile(jsonl))).map((t) => t.data)).toEqual([{ text: 'a' }, { text: 'b' }]);
    expect((await collect(readTasksFromFile(parquet))).map((t) => t.data)).toEqual([{ text: 'p' }]);
    expect((await collect(readTasksFromFile(zip))).map((t) => t.data)).toEqual([{ image: 'x.gif', width: 3, height: 4 }]);
    const saved = await collect(readTasksFromFile(folder, { saveImage: async (f) => `stored/${f.name}` }));
    expect(saved.map((t) => t.data)).toEqual([{ image: 'stored/y.gif', width: 5, height: 6 }]);
    expect((await collect(readTasksFromFile(csv))).map((t) => t.data)).toEqual([{ text: 'c' }]);
  });

  it('reports a missing file as a domain error', async () => {
    await expect(collect(readTasksFromFile(join(dir, 'missing.csv')))).rejects.toMatchObject({ code: 'unreadable_file' });
  });
});
