import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { readZip } from '../../../../test/support/image-export-readers.js';
import { ZipWriter } from './zip-writer.js';

// Archives are read back by two readers that share no code with the writer: Info-ZIP's unzip (the command) and yauzl
// (which checks every entry's CRC and sizes against the central directory).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bz-zip-writer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let files = 0;

async function writeZip(fill: (zip: ZipWriter) => Promise<void>, options: { forceZip64?: boolean } = {}): Promise<string> {
  const file = path.join(dir, `${++files}.zip`);
  const zip = new ZipWriter(new Date(2026, 11, 4, 10, 30, 0), options);
  const written = pipeline(zip.output, fs.createWriteStream(file));
  await fill(zip);
  await zip.end();
  await written;
  return file;
}

function unzip(...args: string[]): Buffer {
  return execFileSync('unzip', args, { maxBuffer: 256 * 1024 * 1024 });
}

/** Every entry's name and sha256, read by yauzl with its checks on (test/support/image-export-readers.ts). */
async function yauzlEntries(file: string): Promise<Map<string, string>> {
  const entries = await readZip(fs.readFileSync(file));
  return new Map([...entries].map(([name, bytes]) => [name, sha(bytes)]));
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe('ZipWriter', () => {
  it('writes 70,000 entries (past the 65,535 a classic zip can count) that both readers list and read', async () => {
    const n = 70_000;
    const file = await writeZip(async (zip) => {
      for (let i = 0; i < n; i++) await zip.add(`labels/frame-${i}.txt`, `0 0.5 0.5 0.1 0.${i}\n`);
    });
    const listed = unzip('-Z1', file).toString('utf8').trim().split('\n');
    expect(listed).toHaveLength(n);
    expect(listed[69_999]).toBe('labels/frame-69999.txt');
    expect(unzip('-p', file, 'labels/frame-65600.txt').toString()).toBe('0 0.5 0.5 0.1 0.65600\n');
    const entries = await yauzlEntries(file);
    expect(entries.size).toBe(n);
    expect(entries.get('labels/frame-12345.txt')).toBe(sha('0 0.5 0.5 0.1 0.12345\n'));
  }, 60_000);

  it('keeps a large entry whole: a 40 MB buffer deflated and a 40 MB stream', async () => {
    const big = Buffer.alloc(40 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4) big.writeUInt32LE((i * 2654435761) >>> 0, i);
    const file = await writeZip(async (zip) => {
      await zip.add('images/big.bin', big);
      await zip.add('images/stored.bin', big.subarray(0, 5_000_000), { compress: false });
      async function* parts() {
        for (let i = 0; i < big.length; i += 1024 * 1024) yield big.subarray(i, i + 1024 * 1024);
      }
      await zip.addStream('annotations.json', Readable.from(parts()));
    });
    expect(unzip('-tq', file).toString()).toContain('No errors detected');
    expect(sha(unzip('-p', file, 'annotations.json'))).toBe(sha(big));
    const entries = await yauzlEntries(file);
    expect(entries.get('images/big.bin')).toBe(sha(big));
    expect(entries.get('images/stored.bin')).toBe(sha(big.subarray(0, 5_000_000)));
    expect(entries.get('annotations.json')).toBe(sha(big));
  }, 60_000);

  it('names entries in UTF-8 (the flag set), so Chinese names read back as written', async () => {
    const file = await writeZip(async (zip) => {
      await zip.add('images/街景-001.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xd9]), { compress: false });
      await zip.add('labels/街景-001.txt', '0 0.5 0.5 0.2 0.2\n');
      await zip.add('标注/说明.txt', '行人, 汽车\n');
    });
    const entries = await yauzlEntries(file);
    expect([...entries.keys()]).toEqual(['images/街景-001.jpg', 'labels/街景-001.txt', '标注/说明.txt']);
    expect(entries.get('标注/说明.txt')).toBe(sha('行人, 汽车\n'));
    expect(unzip('-Z1', file).toString('utf8').trim().split('\n')).toEqual(['images/街景-001.jpg', 'labels/街景-001.txt', '标注/说明.txt']);
  });

  it('writes readable ZIP64 records (offsets in the extra field, the ZIP64 end record) when asked for them', async () => {
    const file = await writeZip(
      async (zip) => {
        await zip.add('a.txt', 'first\n');
        await zip.add('b.bin', Buffer.alloc(10_000, 7));
        await zip.addStream('c.txt', Readable.from([Buffer.from('streamed\n')]));
      },
      { forceZip64: true },
    );
    expect(unzip('-tq', file).toString()).toContain('No errors detected');
    expect(unzip('-p', file, 'c.txt').toString()).toBe('streamed\n');
    const entries = await yauzlEntries(file);
    expect(entries.get('a.txt')).toBe(sha('first\n'));
    expect(entries.get('b.bin')).toBe(sha(Buffer.alloc(10_000, 7)));
    // The ZIP64 end of central directory record's signature is in the file.
    expect(fs.readFileSync(file).includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
  });

  it('does not run ahead of a reader that does not read: adds wait, the buffered bytes stay bounded', async () => {
    const zip = new ZipWriter(new Date());
    const image = Buffer.alloc(1024 * 1024, 1);
    let added = 0;
    const producing = (async () => {
      for (let i = 0; i < 100; i++) {
        await zip.add(`images/${i}.png`, image, { compress: false });
        added++;
      }
      await zip.end();
    })();
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(added).toBeLessThan(10);
    expect(zip.output.readableLength).toBeLessThanOrEqual(4 * 1024 * 1024);
    const file = path.join(dir, 'paused.zip');
    await pipeline(zip.output, fs.createWriteStream(file));
    await producing;
    expect(added).toBe(100);
    expect((await yauzlEntries(file)).size).toBe(100);
  });

  it('releases a waiting producer with an error when the archive is abandoned', async () => {
    const zip = new ZipWriter(new Date());
    const producing = (async () => {
      for (let i = 0; i < 100; i++) await zip.add(`images/${i}.png`, Buffer.alloc(1024 * 1024), { compress: false });
    })();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    zip.abort();
    await expect(producing).rejects.toThrow('abandoned');
  });
});
