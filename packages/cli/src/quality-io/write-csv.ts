import { once } from 'node:events';

/** Quotes a CSV field when it contains a comma, quote, CR or LF (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes lines to a stream in batches, waiting for `drain` so memory stays flat on large outputs. */
export async function writeLines(stream: NodeJS.WritableStream, lines: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ok = stream.write(batch.join('\n') + '\n');
    batch = [];
    if (!ok) await once(stream, 'drain');
  };
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= 8192) await flush();
  }
  await flush();
}
