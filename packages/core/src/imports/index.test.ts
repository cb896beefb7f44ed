import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { detectFormat, readTasks, type ParsedTask, type ReadOptions, type SkippedLine } from './index.js';

/** Feeds bytes in small chunks so that every boundary case (a line or a UTF-8 sequence split across chunks) occurs. */
async function* chunked(bytes: Uint8Array | string, size = 7): AsyncGenerator<Uint8Array> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

async function read(input: Uint8Array | string, options: ReadOptions, size = 7): Promise<ParsedTask[]> {
  const tasks: ParsedTask[] = [];
  for await (const task of readTasks(chunked(input, size), options)) tasks.push(task);
  return tasks;
}

async function failure(input: Uint8Array | string, options: ReadOptions, size = 7): Promise<DomainError> {
  try {
    await read(input, options, size);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

async function readSkipping(input: Uint8Array | string, options: ReadOptions): Promise<{ tasks: ParsedTask[]; skipped: SkippedLine[] }> {
  const skipped: SkippedLine[] = [];
  const tasks = await read(input, { ...options, skipBadLines: true, onSkip: (s) => skipped.push(s) });
  return { tasks, skipped };
}

const lsTask = {
  id: 42,
  data: { text: '很好的产品', meta_info: { source: 'crawl' } },
  annotations: [
    {
      id: 7,
      completed_by: { id: 3, email: 'a@example.com' },
      lead_time: 12.5,
      created_at: '2024-01-02T03:04:05.000Z',
      was_cancelled: false,
      result: [
        { id: 'r1', from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Positive'] }, origin: 'manual' },
        {
          id: 'r2',
          from_name: 'box',
          to_name: 'image',
          type: 'rectanglelabels',
          original_width: 640,
          original_height: 480,
          image_rotation: 0,
          value: { x: 10.5, y: 20.25, width: 30, height: 40, rotation: 0, rectanglelabels: ['car'], extra: [1, { deep: null }] },
        },
      ],
    },
  ],
  predictions: [{ model_version: 'v1', score: 0.87, result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: ['Negative'] } }] }],
};

describe('readTasks: JSON Lines', () => {
  it('reads objects line by line, skipping blank lines, with CRLF and a BOM', async () => {
    const tasks = await read('\uFEFF{"text":"a"}\r\n\r\n{"text":"b","n":2}\r\n   \n{"text":"c"}', { fileName: 'x.jsonl' });
    expect(tasks).toEqual([
      { line: 1, data: { text: 'a' } },
      { line: 3, data: { text: 'b', n: 2 } },
      { line: 5, data: { text: 'c' } },
    ]);
  });

  it('names the line of malformed JSON', async () => {
    const error = await failure('{"a":1}\n{"a":2}\n{"a":\n{"a":4}\n', { format: 'jsonl' });
    expect(error.code).toBe('bad_json');
    expect(error.message).toContain('line 3');
    expect(error.details.line).toBe(3);
  });

  it('names the line and byte of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"b'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const error = await failure(bytes, { format: 'jsonl' });
    expect(error.code).toBe('invalid_utf8');
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('byte 18');
    expect(error.details).toMatchObject({ line: 2, byte: 18 });
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const tasks = await read('{"t":"标注数据"}\n{"t":"😀"}\n', { format: 'jsonl' }, 1);
    expect(tasks.map((t) => t.data.t)).toEqual(['标注数据', '😀']);
  });

  it('rejects a value that is not an object, naming the line', async () => {
    const error = await failure('{"a":1}\n[1,2]\n', { format: 'jsonl' });
    expect(error.code).toBe('not_an_object');
    expect(error.message).toContain('line 2');
  });

  it('fails on an oversized record without buffering it, naming the line', async () => {
    const big = `{"a":"${'x'.repeat(5000)}"}`;
    const error = await failure(`{"a":1}\n${big}\n{"a":3}\n`, { format: 'jsonl', maxRecordBytes: 1000 }, 64);
    expect(error.code).toBe('record_too_large');
    expect(error.kind).toBe('too_large');
    expect(error.message).toContain('line 2');
  });

  it('skips bad lines when asked, and reports them', async () => {
    const big = `{"a":"${'x'.repeat(5000)}"}`;
    const { tasks, skipped } = await readSkipping(`{"a":1}\n{oops\n${big}\n"str"\n{"a":5}`, { format: 'jsonl', maxRecordBytes: 1000 });
    expect(tasks.map((t) => t.line)).toEqual([1, 5]);
    expect(skipped.map((s) => s.line)).toEqual([2, 3, 4]);
    expect(skipped[0]?.message).toContain('line 2');
  });

  it('takes the external id from the configured field, else the Label Studio id', async () => {
    const tasks = await read(`{"key":"k1","text":"a"}\n${JSON.stringify(lsTask)}\n{"key":7}\n`, { format: 'jsonl', externalIdField: 'key' });
    expect(tasks.map((t) => t.externalId)).toEqual(['k1', '42', '7']);
    const error = await failure('{"key":{"x":1}}\n', { format: 'jsonl', externalIdField: 'key' });
    expect(error.code).toBe('bad_external_id');
  });

  it('keeps Label Studio annotations and predictions unchanged', async () => {
    const [task] = await read(`${JSON.stringify(lsTask)}\n`, { format: 'jsonl' });
    expect(task?.data).toEqual(lsTask.data);
    expect(task?.externalId).toBe('42');
    expect(task?.annotations?.[0]?.result).toEqual(lsTask.annotations[0]?.result);
    expect(task?.annotations?.[0]).toEqual(lsTask.annotations[0]);
    expect(task?.predictions).toEqual(lsTask.predictions);
  });

  it('rejects a Label Studio task whose result items are malformed, naming the path', async () => {
    const bad = { data: { text: 'a' }, annotations: [{ result: [{ from_name: 'x', type: 'choices', value: {} }] }] };
    const error = await failure(`${JSON.stringify(bad)}\n`, { format: 'jsonl' });
    expect(error.code).toBe('invalid_task');
    expect(error.message).toContain('line 1');
    expect(error.message).toContain('annotations[0].result[0].to_name');
  });
});

describe('readTasks: JSON', () => {
  const array = [{ text: 'a' }, lsTask, { text: 'c', nested: { list: [1, '],}{"\\'] } }];

  it('streams a JSON array element by element, whatever the chunking', async () => {
    const text = JSON.stringify(array, null, 2);
    for (const size of [1, 3, 64, 100000]) {
      const tasks = await read(text, { fileName: 'export.json' }, size);
      expect(tasks.map((t) => t.line)).toEqual([1, 2, 3]);
      expect(tasks[0]?.data).toEqual({ text: 'a' });
      expect(tasks[1]?.annotations?.[0]?.result).toEqual(lsTask.annotations[0]?.result);
      expect(tasks[1]?.predictions).toEqual(lsTask.predictions);
      expect(tasks[2]?.data).toEqual(array[2]);
    }
  });

  it('accepts a file that is one object as one task', async () => {
    const tasks = await read(`\uFEFF\n${JSON.stringify(lsTask, null, 2)}\n`, { format: 'json' });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]?.externalId).toBe('42');
  });

  it('rejects an element that is not an object, naming the element', async () => {
    const error = await failure('[{"a":1},\n 2,\n {"a":3}]', { format: 'json' });
    expect(error.code).toBe('not_an_object');
    expect(error.message).toContain('element 2 (line 2)');
  });

  it('skips a malformed element when asked', async () => {
    const { tasks, skipped } = await readSkipping('[{"a":1}, {"a":tru}, {"a":3}]', { format: 'json' });
    expect(tasks.map((t) => t.line)).toEqual([1, 3]);
    expect(skipped.map((s) => s.line)).toEqual([2]);
  });

  it('reports structural faults with line and byte, even when skipping', async () => {
    const missingComma = await failure('[{"a":1}\n{"a":2}]', { format: 'json', skipBadLines: true });
    expect(missingComma.code).toBe('bad_json');
    expect(missingComma.message).toContain('line 2');
    const truncated = await failure('[{"a":1},\n{"a":', { format: 'json' });
    expect(truncated.message).toContain('truncated');
    const unclosed = await failure('[{"a":1}', { format: 'json' });
    expect(unclosed.message).toContain('"]"');
    const trailing = await failure('[{"a":1}] x', { format: 'json' });
    expect(trailing.message).toContain('after the end');
    const mismatched = await failure('[{"a":[1}]', { format: 'json' });
    expect(mismatched.message).toContain('mismatched');
  });

  it('fails on an oversized element', async () => {
    const error = await failure(JSON.stringify([{ a: 1 }, { a: 'x'.repeat(3000) }]), { format: 'json', maxRecordBytes: 1000 }, 100);
    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain('element 2');
  });

  it('names the element and byte of invalid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('[{"a":1},{"a":"'), Buffer.from([0xff]), Buffer.from('"}]')]);
    const error = await failure(bytes, { format: 'json' });
    expect(error.code).toBe('invalid_utf8');
    expect(error.message).toContain('element 2');
    expect(error.message).toContain('byte 15');
  });
});

describe('readTasks: CSV and TSV', () => {
  it('reads rows keyed by the header, as strings, with quotes, embedded newlines, CRLF and a BOM', async () => {
    const tasks = await read('\uFEFFid,text,score\r\n1,"hello, ""world""",0.5\r\n2,"two\nlines",\r\n\r\n3,plain,7\r\n', { fileName: 'd.csv' });
    expect(tasks).toEqual([
      { line: 2, data: { id: '1', text: 'hello, "world"', score: '0.5' } },
      { line: 3, data: { id: '2', text: 'two\nlines', score: '' } },
      { line: 6, data: { id: '3', text: 'plain', score: '7' } },
    ]);
  });

  it('reads TSV', async () => {
    const tasks = await read('text\tlabel\nsay "hi"\tgreeting\n', { fileName: 'd.tsv', externalIdField: 'label' });
    expect(tasks).toEqual([{ line: 2, data: { text: 'say "hi"', label: 'greeting' }, externalId: 'greeting' }]);
  });

  it('names the line of a broken quote', async () => {
    const unclosed = await failure('a,b\n1,2\n3,"open\n4,5\n', { format: 'csv' });
    expect(unclosed.code).toBe('bad_csv');
    expect(unclosed.message).toContain('line 3');
    const stray = await failure('a,b\n1,2\n3,"x"y\n', { format: 'csv' });
    expect(stray.message).toContain('line 3');
  });

  it('rejects a row whose value count differs from the header', async () => {
    const error = await failure('a,b\n1,2\n1,2,3\n', { format: 'csv' });
    expect(error.code).toBe('bad_csv_row');
    expect(error.message).toContain('line 3');
    expect(await read('a,b\n1,2,,\n', { format: 'csv' })).toEqual([{ line: 2, data: { a: '1', b: '2' } }]);
  });

  it('skips bad rows when asked', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,2\n3\n'), Buffer.from([0x61, 0xe9, 0x2c, 0x62, 0x0a]), Buffer.from('5,6\n')]);
    const { tasks, skipped } = await readSkipping(bytes, { format: 'csv' });
    expect(tasks.map((t) => t.data)).toEqual([{ a: '1', b: '2' }, { a: '5', b: '6' }]);
    expect(skipped.map((s) => s.line)).toEqual([3, 4]);
    expect(skipped[1]?.message).toContain('UTF-8');
  });

  it('names the line of invalid UTF-8 (a GBK file)', async () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK
    const error = await failure(Buffer.concat([Buffer.from('text\nok\n'), gbk, Buffer.from('\n')]), { format: 'csv' });
    expect(error.code).toBe('invalid_utf8');
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('byte 1');
  });

  it('fails on an oversized record', async () => {
    const error = await failure(`a\n"${'x'.repeat(3000)}"\n`, { format: 'csv', maxRecordBytes: 1000 });
    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain('line 2');
  });

  it('rejects a file with only a header as empty', async () => {
    expect((await failure('a,b\n', { format: 'csv' })).code).toBe('empty_file');
  });
});

describe('readTasks: whole-file checks', () => {
  it('gunzips on the fly', async () => {
    const gz = gzipSync(Buffer.from('{"a":1}\n{"a":2}\n'));
    expect((await read(gz, { fileName: 'x.jsonl.gz' })).map((t) => t.data)).toEqual([{ a: 1 }, { a: 2 }]);
    const csv = gzipSync(Buffer.from('a,b\n1,2\n'));
    expect(await read(csv, { fileName: 'upload.bin' })).toEqual([{ line: 2, data: { a: '1', b: '2' } }]);
  });

  it('stops a gzip bomb', async () => {
    const bomb = gzipSync(Buffer.alloc(30 * 1024 * 1024, 0x20));
    const error = await failure(bomb, { format: 'jsonl' }, 16 * 1024);
    expect(error.code).toBe('decompression_ratio_exceeded');
    const capped = await failure(gzipSync(Buffer.from(`${'{"a":1}\n'.repeat(1000)}`)), { format: 'jsonl', maxDecompressedBytes: 100 });
    expect(capped.code).toBe('decompressed_too_large');
  });

  it('reports corrupt gzip', async () => {
    const gz = gzipSync(Buffer.from('{"a":1}\n'.repeat(100)));
    const error = await failure(gz.subarray(0, gz.length - 12), { format: 'jsonl' });
    expect(error.code).toBe('bad_gzip');
  });

  it('rejects empty and binary files', async () => {
    expect((await failure('', { format: 'jsonl' })).code).toBe('empty_file');
    expect((await failure('\n\n  \n', { format: 'jsonl' })).code).toBe('empty_file');
    expect((await failure('[]', { format: 'json' })).code).toBe('empty_file');
    expect((await failure(gzipSync(Buffer.alloc(0)), { format: 'jsonl' })).code).toBe('empty_file');
    const binary = await failure(Buffer.from([0x7b, 0x0a, 0x00, 0x01, 0x02]), { fileName: 'x.jsonl' });
    expect(binary.code).toBe('binary_file');
    expect(binary.message).toContain('line 2');
    expect((await failure(Buffer.from('PK\u0003\u0004rest'), { fileName: 'x.csv' })).message).toContain('zip');
  });

  it('reports progress in input bytes', async () => {
    const seen: number[] = [];
    await read('{"a":1}\n{"a":2}\n', { format: 'jsonl', onProgress: (n) => seen.push(n) }, 4);
    expect(seen.at(-1)).toBe(16);
  });

  it('keeps heap growth small while streaming 50 MB of JSON Lines', async () => {
    const line = Buffer.from(`${JSON.stringify({ text: 'x'.repeat(400), label: 'positive', n: 12345 })}\n`);
    const lines = Math.ceil((50 * 1024 * 1024) / line.length);
    async function* generate(): AsyncGenerator<Uint8Array> {
      const block = Buffer.concat(Array.from({ length: 128 }, () => line));
      for (let i = 0; i < lines; i += 128) yield Buffer.from(block);
    }
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let count = 0;
    for await (const task of readTasks(generate(), { format: 'jsonl' })) {
      count += 1;
      if (task.line % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(count).toBeGreaterThanOrEqual(lines);
    expect(peak - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('detectFormat', () => {
  it('uses the extension, ignoring .gz', () => {
    const none = new Uint8Array(0);
    expect(detectFormat('a.jsonl', none)).toBe('jsonl');
    expect(detectFormat('a.NDJSON.gz', none)).toBe('jsonl');
    expect(detectFormat('a.csv.gz', none)).toBe('csv');
    expect(detectFormat('a.tsv', none)).toBe('tsv');
    expect(detectFormat('export.json', none)).toBe('json');
  });

  it('sniffs the content otherwise', () => {
    const sniff = (text: string) => detectFormat('upload', Buffer.from(text));
    expect(sniff('  [{"a":1}]')).toBe('json');
    expect(sniff('{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(sniff('{\n  "data": {}\n}')).toBe('json');
    expect(sniff('\uFEFFa,b\n1,2')).toBe('csv');
    expect(sniff('a\tb,c\td\n')).toBe('tsv');
  });
});
