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
  name: Buffer;
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

/** The local file header; a streamed entry (FLAG_DATA_DESCRIPTOR) has zero CRC and sizes here. */
export function localHeader(e: Omit<ZipEntryRecord, 'offset'>): Buffer {
  const b = Buffer.allocUnsafe(30 + e.name.length);
  b.writeUInt32LE(0x04034b50, 0);
  b.writeUInt16LE(VERSION_DEFAULT, 4);
  b.writeUInt16LE(e.flags | FLAG_UTF8, 6);
  b.writeUInt16LE(e.method, 8);
  b.writeUInt16LE(e.dosTime, 10);
  b.writeUInt16LE(e.dosDate, 12);
  b.writeUInt32LE(e.crc, 14);
  b.writeUInt32LE(e.compressedSize, 18);
  b.writeUInt32LE(e.size, 22);
  b.writeUInt16LE(e.name.length, 26);
  b.writeUInt16LE(0, 28);
  e.name.copy(b, 30);
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

/** The entry's central directory header; an offset at or past 4 GiB goes in a ZIP64 extra field. */
export function centralHeader(e: ZipEntryRecord, forceZip64 = false): Buffer {
  const zip64 = forceZip64 || e.offset >= MAX_32;
  const extraLength = zip64 ? 12 : 0;
  const b = Buffer.allocUnsafe(46 + e.name.length + extraLength);
  b.writeUInt32LE(0x02014b50, 0);
  b.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 4);
  b.writeUInt16LE(zip64 ? VERSION_ZIP64 : VERSION_DEFAULT, 6);
  b.writeUInt16LE(e.flags | FLAG_UTF8, 8);
  b.writeUInt16LE(e.method, 10);
  b.writeUInt16LE(e.dosTime, 12);
  b.writeUInt16LE(e.dosDate, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(e.compressedSize, 20);
  b.writeUInt32LE(e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extraLength, 30);
  b.writeUInt16LE(0, 32); // comment length
  b.writeUInt16LE(0, 34); // disk number start
  b.writeUInt16LE(0, 36); // internal attributes
  b.writeUInt32LE(EXTERNAL_ATTRIBUTES, 38);
  b.writeUInt32LE(zip64 ? MAX_32 : e.offset, 42);
  e.name.copy(b, 46);
  if (zip64) {
    const x = 46 + e.name.length;
    b.writeUInt16LE(0x0001, x); // ZIP64 extended information
    b.writeUInt16LE(8, x + 2);
    b.writeBigUInt64LE(BigInt(e.offset), x + 4);
  }
  return b;
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
