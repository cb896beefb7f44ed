/** One line of a byte stream, without its line ending. */
export interface ByteLine {
  /** 1-based line number. */
  line: number;
  /** Offset of the line's first byte in the (decompressed) stream. */
  byte: number;
  /** The line's bytes, or `undefined` when it exceeded the limit (then only `length` is known). */
  bytes: Uint8Array | undefined;
  length: number;
}

/**
 * Splits a byte stream on 0x0A without decoding it, so memory stays flat in file size and a line longer than
 * `maxLineBytes` is reported without ever being held in memory. A trailing CR is removed (CRLF files), and a UTF-8
 * BOM at the very start is dropped.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number): AsyncGenerator<ByteLine> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  let overflow = false;
  let lineNo = 1;
  let lineStart = 0;
  let offset = 0;
  let first = true;

  const finish = (tail: Uint8Array): ByteLine => {
    let length = pendingLength + tail.length;
    let bytes: Uint8Array | undefined;
    if (overflow) {
      bytes = undefined;
    } else if (pending.length === 0) {
      bytes = tail;
    } else {
      pending.push(tail);
      bytes = Buffer.concat(pending, length);
    }
    if (bytes !== undefined && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) {
      bytes = bytes.subarray(0, bytes.length - 1);
      length -= 1;
    }
    const result: ByteLine = { line: lineNo, byte: lineStart, bytes: bytes !== undefined && length > maxLineBytes ? undefined : bytes, length };
    pending = [];
    pendingLength = 0;
    overflow = false;
    return result;
  };

  for await (let chunk of chunks) {
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        offset = 3;
        lineStart = 3;
      }
    }
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(0x0a, pos);
      if (nl === -1) {
        const rest = chunk.subarray(pos);
        pendingLength += rest.length;
        // One extra byte of slack lets a CR that precedes the LF in the next chunk not count as content.
        if (!overflow && pendingLength > maxLineBytes + 1) {
          overflow = true;
          pending = [];
        }
        if (!overflow) pending.push(rest);
        break;
      }
      const tail = chunk.subarray(pos, nl);
      yield finish(tail);
      lineNo += 1;
      lineStart = offset + nl + 1;
      pos = nl + 1;
    }
    offset += chunk.length;
  }
  if (pendingLength > 0 || overflow) yield finish(new Uint8Array(0));
}
