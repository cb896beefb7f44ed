import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { writeWithBackpressure } from './stream-write.js';
import {
  centralHeaderLength,
  dataDescriptor,
  dosDateTime,
  endOfArchive,
  FLAG_DATA_DESCRIPTOR,
  localHeader,
  localHeaderLength,
  MAX_32,
  METHOD_DEFLATE,
  METHOD_STORE,
  writeCentralHeader,
  writeLocalHeader,
  type ZipEntryRecord,
} from './zip-records.js';

const deflateRaw = promisify(zlib.deflateRaw);

/** A deflate per small entry costs more time than its bytes save (label files are a few hundred bytes). */
const COMPRESS_FROM_BYTES = 4096;
/** Entries are written into chunks of this size before they go to `output` (fewer, larger writes). */
const CHUNK_BYTES = 256 * 1024;
/** A zip entry's name is at most 65,535 bytes (a 16-bit field). */
const MAX_NAME_BYTES = 0xffff;
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
  /** The output chunk being filled: small entries are written into it in place (no Buffer per header or file). */
  private chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  private chunkUsed = 0;
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
      const length = typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.length;
      if (length >= MAX_32) throw new Error(`zip entry ${name} is ${length} bytes; entries are limited to 4 GiB`);
      if (length < COMPRESS_FROM_BYTES) {
        await this.addSmall(name, data, length);
        return;
      }
      const compress = options.compress ?? true;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      const crc = zlib.crc32(bytes);
      const stored = compress ? await deflateRaw(bytes) : bytes;
      const entry = this.entry(name, 0, compress ? METHOD_DEFLATE : METHOD_STORE);
      entry.crc = crc;
      entry.compressedSize = stored.length;
      entry.size = bytes.length;
      this.keep(entry);
      await this.push(localHeader(entry));
      await this.push(stored);
    } finally {
      this.busy = false;
    }
  }

  /**
   * A stored entry of under COMPRESS_FROM_BYTES (a label file, an XML file) written straight into the output chunk:
   * its header, then its bytes, the CRC taken from them there. Per entry this saves the Buffers of a copy of the text
   * and of two headers, which for 50,000 label files was a tenth of the export.
   */
  private async addSmall(name: string, data: Buffer | string, length: number): Promise<void> {
    const entry = this.entry(name, 0, METHOD_STORE);
    entry.compressedSize = length;
    entry.size = length;
    const headerLength = localHeaderLength(entry);
    if (this.chunkUsed + headerLength + length > this.chunk.length) await this.flush();
    const at = this.chunkUsed;
    const dataAt = at + headerLength;
    if (typeof data === 'string') this.chunk.write(data, dataAt, length, 'utf8');
    else data.copy(this.chunk, dataAt);
    entry.crc = zlib.crc32(this.chunk.subarray(dataAt, dataAt + length));
    writeLocalHeader(entry, this.chunk, at);
    this.chunkUsed = dataAt + length;
    this.offset += headerLength + length;
    this.keep(entry);
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
      this.keep(entry);
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
    const nameLength = Buffer.byteLength(name, 'utf8');
    if (nameLength > MAX_NAME_BYTES) throw new Error(`zip entry name ${name.slice(0, 80)}... is ${nameLength} bytes; a zip allows ${MAX_NAME_BYTES}`);
    return { name, nameLength, flags, method, dosTime: this.dos.dosTime, dosDate: this.dos.dosDate, crc: 0, compressedSize: 0, size: 0, offset: this.offset };
  }

  /** Writes the entry's central directory record into the current block (a new one when it is full). */
  private keep(entry: ZipEntryRecord): void {
    const length = centralHeaderLength(entry, this.options.forceZip64);
    if (this.blockUsed + length > this.block.length) {
      this.central.push(this.block.subarray(0, this.blockUsed));
      this.block = Buffer.allocUnsafeSlow(Math.max(CENTRAL_BLOCK_BYTES, length));
      this.blockUsed = 0;
    }
    writeCentralHeader(entry, this.block, this.blockUsed, this.options.forceZip64);
    this.blockUsed += length;
    this.entries++;
  }

  /** Entries are written one at a time; a second `add` before the first resolved would interleave their bytes. */
  private enter(): void {
    if (this.stopped) throw new Error('the zip was abandoned');
    if (this.busy) throw new Error('ZipWriter: await each add before the next');
    this.busy = true;
  }

  /** Appends bytes to the archive: copied into the chunk, or written on their own when they would fill one. */
  private async push(bytes: Buffer): Promise<void> {
    this.offset += bytes.length;
    if (this.chunkUsed + bytes.length > this.chunk.length) await this.flush();
    if (bytes.length >= CHUNK_BYTES) {
      await this.write(bytes);
      return;
    }
    bytes.copy(this.chunk, this.chunkUsed);
    this.chunkUsed += bytes.length;
  }

  private async flush(): Promise<void> {
    if (this.chunkUsed === 0) return;
    const chunk = this.chunk.subarray(0, this.chunkUsed);
    // A new chunk each time: `output` holds the one written until its reader has it.
    this.chunk = Buffer.allocUnsafeSlow(CHUNK_BYTES);
    this.chunkUsed = 0;
    await this.write(chunk);
  }

  private async write(bytes: Buffer): Promise<void> {
    await writeWithBackpressure(this.out, bytes);
    if (this.stopped) throw new Error('the zip was abandoned');
  }
}
