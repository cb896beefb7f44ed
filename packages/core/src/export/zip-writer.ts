import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { writeWithBackpressure } from './stream-write.js';
import {
  centralHeader,
  dataDescriptor,
  dosDateTime,
  endOfArchive,
  FLAG_DATA_DESCRIPTOR,
  localHeader,
  MAX_32,
  METHOD_DEFLATE,
  METHOD_STORE,
  type ZipEntryRecord,
} from './zip-records.js';

const deflateRaw = promisify(zlib.deflateRaw);

/** A deflate per small entry costs more time than its bytes save (label files are a few hundred bytes). */
const COMPRESS_FROM_BYTES = 4096;
/** Small entries are gathered into chunks of about this size before they go to `output` (fewer, larger writes). */
const CHUNK_BYTES = 256 * 1024;
const CENTRAL_BLOCK_BYTES = 64 * 1024;

/**
 * A zip written as a stream, entry after entry, with work linear in the entries and memory bounded: `add` resolves
 * once its bytes are in `output`'s buffer, waiting while `output`'s reader is behind (backpressure), so a producer
 * that awaits it never runs ahead of the download. What stays in memory besides the entry being written is the
 * central directory, about 80 bytes per entry (8 MB for 100,000), written at the end.
 *
 * Written here rather than by fflate's `Zip` or yazl: fflate 0.8 writes no ZIP64 records, so an archive of more than
 * 65,535 entries (50,000 images with their label files) or past 4 GiB would come out broken, and yazl's per-entry
 * queue made 50,000 small entries quadratic. ZIP64 records are written where needed (zip-records.ts). An entry is
 * limited to 4 GiB (an image is capped far lower; a streamed part larger than that is refused with an error).
 */
export class ZipWriter {
  private readonly out = new PassThrough({ highWaterMark: CHUNK_BYTES * 4 });
  /**
   * The central directory so far, copied into blocks of its own: a record kept as the small Buffer it was made as
   * would be a slice of Node's shared 8 KB pool and keep alive the entry bytes allocated beside it (VOC's XML files),
   * which made memory grow with the project.
   */
  private readonly central: Buffer[] = [];
  private block = Buffer.allocUnsafeSlow(CENTRAL_BLOCK_BYTES);
  private blockUsed = 0;
  private entries = 0;
  private readonly dos: { dosTime: number; dosDate: number };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes of the archive so far (written or pending): the next local header's offset. */
  private offset = 0;
  private busy = false;
  private stopped = false;
  /** The zip's bytes, to pipe to a response or a file. */
  readonly output: Readable = this.out;

  constructor(
    mtime: Date,
    private readonly options: { forceZip64?: boolean } = {},
  ) {
    this.dos = dosDateTime(mtime);
  }

  /** Adds a file; `compress: false` for data that is compressed already (JPEG, PNG). */
  async add(name: string, data: Buffer | string, options: { compress?: boolean } = {}): Promise<void> {
    this.enter();
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      if (bytes.length >= MAX_32) throw new Error(`zip entry ${name} is ${bytes.length} bytes; entries are limited to 4 GiB`);
      const crc = zlib.crc32(bytes);
      const compress = (options.compress ?? true) && bytes.length >= COMPRESS_FROM_BYTES;
      const stored = compress ? await deflateRaw(bytes) : bytes;
      const entry = this.entry(name, 0, compress ? METHOD_DEFLATE : METHOD_STORE);
      entry.crc = crc;
      entry.compressedSize = stored.length;
      entry.size = bytes.length;
      this.keep(centralHeader(entry, this.options.forceZip64));
      await this.push(localHeader(entry));
      await this.push(stored);
    } finally {
      this.busy = false;
    }
  }

  /** Adds a file whose bytes come from a stream (a spooled part of the export), deflated as it is read. */
  async addStream(name: string, stream: Readable): Promise<void> {
    this.enter();
    try {
      const entry = this.entry(name, FLAG_DATA_DESCRIPTOR, METHOD_DEFLATE);
      await this.push(localHeader(entry));
      let crc = 0;
      let size = 0;
      let compressedSize = 0;
      await pipeline(
        stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            crc = zlib.crc32(chunk, crc);
            size += chunk.length;
            yield chunk;
          }
        },
        zlib.createDeflateRaw(),
        async (deflated: AsyncIterable<Buffer>) => {
          for await (const chunk of deflated) {
            compressedSize += chunk.length;
            await this.push(chunk);
          }
        },
      );
      if (size >= MAX_32 || compressedSize >= MAX_32) throw new Error(`zip entry ${name} outgrew 4 GiB; entries are limited to 4 GiB`);
      await this.push(dataDescriptor(crc, compressedSize, size));
      entry.crc = crc;
      entry.compressedSize = compressedSize;
      entry.size = size;
      this.keep(centralHeader(entry, this.options.forceZip64));
    } finally {
      this.busy = false;
    }
  }

  /** Writes the central directory and the end records; `output` ends after them. */
  async end(): Promise<void> {
    this.enter();
    const directoryOffset = this.offset;
    this.central.push(this.block.subarray(0, this.blockUsed));
    for (const block of this.central) await this.push(block);
    const directorySize = this.offset - directoryOffset;
    await this.push(endOfArchive(this.entries, directoryOffset, directorySize, this.options.forceZip64));
    await this.flush();
    this.out.end();
  }

  /** Gives up the archive (its reader went away): a producer waiting in `add` is released with an error. */
  abort(): void {
    this.stopped = true;
    this.out.destroy();
  }

  /**
   * A new entry starting at the current offset, its CRC and sizes zero until known. Built field by field: object
   * spreads here cost microseconds each on Node 20's V8, which 50,000 entries turned into seconds.
   */
  private entry(name: string, flags: number, method: number): ZipEntryRecord {
    return { name: Buffer.from(name, 'utf8'), flags, method, dosTime: this.dos.dosTime, dosDate: this.dos.dosDate, crc: 0, compressedSize: 0, size: 0, offset: this.offset };
  }

  private keep(record: Buffer): void {
    if (this.blockUsed + record.length > this.block.length) {
      this.central.push(this.block.subarray(0, this.blockUsed));
      this.block = Buffer.allocUnsafeSlow(Math.max(CENTRAL_BLOCK_BYTES, record.length));
      this.blockUsed = 0;
    }
    record.copy(this.block, this.blockUsed);
    this.blockUsed += record.length;
    this.entries++;
  }

  /** Entries are written one at a time; a second `add` before the first resolved would interleave their bytes. */
  private enter(): void {
    if (this.stopped) throw new Error('the zip was abandoned');
    if (this.busy) throw new Error('ZipWriter: await each add before the next');
    this.busy = true;
  }

  private async push(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= CHUNK_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await writeWithBackpressure(this.out, chunk);
    if (this.stopped) throw new Error('the zip was abandoned');
  }
}
