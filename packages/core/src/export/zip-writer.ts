import { PassThrough, type Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** Entries the writer lets wait in the zip's queue before `add` waits for the download to take them. */
const MAX_WAITING_ENTRIES = 32;
const MAX_WAITING_BYTES = 64 * 1024 * 1024;
const COMPRESS_FROM_BYTES = 4096;

/**
 * A zip written as a stream (yazl) whose memory stays flat: `add` resolves once fewer than a few entries (and a few
 * tens of MB) wait to be written, so a producer that awaits it never runs ahead of whoever reads `output`. Each
 * entry's bytes are held until the zip writes them; ZIP64 is used by yazl when the archive outgrows 4 GB.
 */
export class ZipWriter {
  private readonly zip = new ZipFile();
  private readonly waiting: { done: Promise<void>; bytes: number }[] = [];
  private waitingBytes = 0;
  private stopped = false;
  private release: () => void = () => undefined;
  /** Settles when the archive is abandoned: one promise for every wait, so no listener piles up. */
  private readonly abandoned = new Promise<void>((resolve) => (this.release = resolve));
  /** The zip's bytes, to pipe to a response or a file. */
  readonly output: Readable;

  constructor(private readonly mtime: Date) {
    this.output = this.zip.outputStream as Readable;
  }

  /** Adds a file; `compress: false` for data that is compressed already (JPEG, PNG). */
  async add(name: string, data: Buffer | string, options: { compress?: boolean } = {}): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const stream = new PassThrough();
    const done = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
    stream.end(bytes);
    // A deflate stream per small entry costs more time than its bytes save (label files are a few hundred bytes).
    const compress = (options.compress ?? true) && bytes.length >= COMPRESS_FROM_BYTES;
    this.zip.addReadStream(stream, name, { compress, mtime: this.mtime, size: bytes.length });
    await this.queued(done, bytes.length);
  }

  /** Adds a file whose bytes come from a stream (a spooled part of the export), read when the zip gets to it. */
  async addStream(name: string, stream: Readable): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
      stream.once('error', reject);
    });
    this.zip.addReadStream(stream, name, { compress: true, mtime: this.mtime });
    await this.queued(done, 0);
  }

  /** Ends the archive (central directory); `output` ends after it. */
  end(): void {
    this.zip.end();
  }

  /** Gives up the archive (its reader went away): a producer waiting in `add` is released with an error. */
  abort(): void {
    this.stopped = true;
    this.release();
  }

  private async queued(done: Promise<void>, bytes: number): Promise<void> {
    this.waiting.push({ done, bytes });
    this.waitingBytes += bytes;
    while (this.waiting.length > MAX_WAITING_ENTRIES || (this.waitingBytes > MAX_WAITING_BYTES && this.waiting.length > 1)) {
      const oldest = this.waiting.shift()!;
      await Promise.race([oldest.done, this.abandoned]);
      if (this.stopped) throw new Error('the zip was abandoned');
      this.waitingBytes -= oldest.bytes;
    }
  }
}
