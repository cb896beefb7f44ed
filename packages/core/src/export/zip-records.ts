/**
 * The records of a ZIP archive (PKWARE APPNOTE 6.3.x), as bytes; pure. ZIP64 is used only where the classic
 * fields cannot hold a value: an entry's local header offset at or past 4 GiB (a ZIP64 extra field in its central
 * record) and, for the archive, more than 65,535 entries or a central directory at or past 4 GiB (the ZIP64 end
 * record and its locator before the classic end record). Entry sizes stay under 4 GiB (the writer refuses larger
 * entries), so local headers and data descriptors never need ZIP64 fields. `forceZip64` writes the ZIP64 forms
 * for any archive (tests read them back without writing 4 GiB).
 */

export const MAX_32 = 0xffffffff;
const MAX_16 = 0xffff;
/** Bit 3: sizes and CRC follow the data (streamed entries); bit 11: the name is UTF-8. */
export const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
export const METHOD_STORE = 0;
export const METHOD_DEFLATE = 8;
const VERSION_DEFAULT = 20;
const VERSION_ZIP64 = 45;
/** Made by Unix (3), so the external attributes carry file modes. */
const MADE_BY_UNIX = 3 << 8;
/** A regular file, rw-r--r--. */
const EXTERNAL_ATTRIBUTES = (0o100644 << 16) >>> 0;

/** What the central directory needs of one entry, kept from its local header until the archive ends. */
export interface ZipEntryRecord {
  name: string;
  /** The name's length in UTF-8 bytes. */
  nameLength: number;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts; may pass 4 GiB. */
  offset: number;
}

/** DOS date and time fields of a moment, in the machine's local time (as zip tools read them). */
export function dosDateTime(at: Date): { dosTime: number; dosDate: number } {
  const year = Math.max(1980, Math.min(2107, at.getFullYear()));
  return {
    dosTime: (at.getHours() << 11) | (at.getMinutes() << 5) | Math.floor(at.getSeconds() / 2),
    dosDate: ((year - 1980) << 9) | ((at.getMonth() + 1) << 5) | at.getDate(),
  };
}

/**
 * The fields both headers carry in the same order (flags, method, time, date, CRC, sizes, name length), 22 bytes
 * from `at`.
 */
function writeEntryFields(e: Omit<ZipEntryRecord, 'offset'>, b: Buffer, at: number): void {
  b.writeUInt16LE(e.flags | FLAG_UTF8, at);
  b.writeUInt16LE(e.method, at + 2);
  b.writeUInt16LE(e.dosTime, at + 4);
  b.writeUInt16LE(e.dosDate, at + 6);
  b.writeUInt32LE(e.crc, at + 8);
  b.writeUInt32LE(e.compressedSize, at + 12);
  b.writeUInt32LE(e.size, at + 16);
  b.writeUInt16LE(e.nameLength, at + 20);
}

/** The local file header's length in bytes. */
export function localHeaderLength(e: Pick<ZipEntryRecord, 'nameLength'>): number {
  return 30 + e.nameLength;
}

/**
 * Writes the local file header into `b` at `at` (localHeaderLength bytes); a streamed entry (FLAG_DATA_DESCRIPTOR)
 * has zero CRC and sizes here. In place: the writer copies small entries straight into its output chunk.
 */
export function writeLocalHeader(e: Omit<ZipEntryRecord, 'offset'>, b: Buffer, at: number): void {
  b.writeUInt32LE(0x04034b50, at);
  b.writeUInt16LE(VERSION_DEFAULT, at + 4);
  writeEntryFields(e, b, at + 6);
  b.writeUInt16LE(0, at + 28);
  b.write(e.name, at + 30, e.nameLength, 'utf8');
}

/** The local file header as a Buffer of its own. */
export function localHeader(e: Omit<ZipEntryRecord, 'offset'>): Buffer {
  const b = Buffer.allocUnsafe(localHeaderLength(e));
  writeLocalHeader(e, b, 0);
  return b;
}

/** The data descriptor after a streamed entry's data (with its signature, which every current reader expects). */
export function dataDescriptor(crc: number, compressedSize: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeUInt32LE(0x08074b50, 0);
  b.writeUInt32LE(crc, 4);
  b.writeUInt32LE(compressedSize, 8);
  b.writeUInt32LE(size, 12);
  return b;
}

function centralZip64(e: ZipEntryRecord, forceZip64: boolean): boolean {
  return forceZip64 || e.offset >= MAX_32;
}

/** The central directory header's length in bytes. */
export function centralHeaderLength(e: ZipEntryRecord, forceZip64 = false): number {
  return 46 + e.nameLength + (centralZip64(e, forceZip64) ? 12 : 0);
}

/** Writes the entry's central directory header into `b` at `at`; an offset at or past 4 GiB goes in a ZIP64 extra field. */
export function writeCentralHeader(e: ZipEntryRecord, b: Buffer, at: number, forceZip64 = false): void {
  const zip64 = centralZip64(e, forceZip64);
  b.writeUInt32LE(0x02014b50, at);
  b.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, at + 4);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, at + 6);
  writeEntryFields(e, b, at + 8);
  b.writeUInt16LE(zip64 ? 12 : 0, at + 30);
  b.writeUInt16LE(0, at + 32); // comment length
  b.writeUInt16LE(0, at + 34); // disk number start
  b.writeUInt16LE(0, at + 36); // internal attributes
  b.writeUInt32LE(EXTERNAL_ATTRIBUTES, at + 38);
  b.writeUInt32LE(zip64 ? MAX_32 : e.offset, at + 42);
  b.write(e.name, at + 46, e.nameLength, 'utf8');
  if (zip64) {
    const x = at + 46 + e.nameLength;
    b.writeUInt16LE(0x0001, x); // ZIP64 extended information
    b.writeUInt16LE(8, x + 2);
    b.writeBigUInt64LE(BigInt(e.offset), x + 4);
  }
}

/**
 * The archive's end: the ZIP64 end of central directory record and locator when the entry count, the directory's
 * offset or its size outgrow the classic fields, then the classic end record (its fields saturated in that case).
 */
export function endOfArchive(entries: number, directoryOffset: number, directorySize: number, forceZip64 = false): Buffer {
  const zip64 = forceZip64 || entries > MAX_16 || directoryOffset >= MAX_32 || directorySize >= MAX_32;
  const end = Buffer.allocUnsafe(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(zip64 ? MAX_16 : entries, 8);
  end.writeUInt16LE(zip64 ? MAX_16 : entries, 10);
  end.writeUInt32LE(zip64 ? MAX_32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? MAX_32 : directoryOffset, 16);
  end.writeUInt16LE(0, 20);
  if (!zip64) return end;
  const record = Buffer.allocUnsafe(56);
  record.writeUInt32LE(0x06064b50, 0);
  record.writeBigUInt64LE(44n, 4); // size of the rest of this record
  record.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
  record.writeUInt16LE(VERSION_ZIP64, 14);
  record.writeUInt32LE(0, 16);
  record.writeUInt32LE(0, 20);
  record.writeBigUInt64LE(BigInt(entries), 24);
  record.writeBigUInt64LE(BigInt(entries), 32);
  record.writeBigUInt64LE(BigInt(directorySize), 40);
  record.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.allocUnsafe(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeUInt32LE(0, 4);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8); // where the ZIP64 end record starts
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([record, locator, end]);
}
