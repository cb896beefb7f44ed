import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { WriteBatcher } from './write-batcher.js';

const SPOOL_BUFFER_BYTES = 1024 * 1024;

/**
 * A part of an export kept on disk until the export needs it (COCO's `annotations` array, written while `images`
 * is streamed; VOC's image list): memory stays flat whatever the project's size. Small writes are gathered into
 * chunks (write-batcher.ts). Deleted by `remove`.
 */
export class TempSpool {
  readonly path: string;
  private readonly out: fs.WriteStream;
  private readonly batcher: WriteBatcher;

  constructor(dir: string, label: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.path = path.join(dir, `.${label}-${randomUUID()}.tmp`);
    // A megabyte of buffer: with the default 16 KB every gathered 64 KB chunk waited for the disk, the export idle.
    this.out = fs.createWriteStream(this.path, { highWaterMark: SPOOL_BUFFER_BYTES });
    this.batcher = new WriteBatcher(async (chunk) => {
      if (!this.out.write(chunk)) await once(this.out, 'drain');
    });
  }

  /** Appends text, waiting when the disk is behind. */
  write(text: string | Buffer): Promise<void> {
    return this.batcher.write(text);
  }

  /** Finishes writing and reads the whole part back. */
  async read(): Promise<Readable> {
    await this.batcher.flush();
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return fs.createReadStream(this.path, { highWaterMark: SPOOL_BUFFER_BYTES });
  }

  remove(): void {
    this.out.destroy();
    fs.rmSync(this.path, { force: true });
  }
}
