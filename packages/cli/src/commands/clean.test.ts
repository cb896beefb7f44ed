import { describe, it, expect, beforeEach } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync, gunzipSync } from 'node:zlib';
import { UsageError } from '../command.js';
import { cleanCommand, splitLines } from './clean.js';

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'biaozhu-clean-'));
});

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await cleanCommand.run(args, { stdout: out.stream, stderr: err.stream, env: {}, cwd: dir });
  return { code, stdout: out.text(), stderr: err.text() };
}

const CONFIG = {
  textField: 'text',
  steps: [{ step: 'normalize' }, { step: 'dedup-exact' }, { step: 'dedup-near', threshold: 0.8, threads: 1 }, { step: 'pii', mode: 'mask' }],
};

const LINES = [
  { id: 1, text: 'Ｈｅｌｌｏ  ｗｏｒｌｄ，call 13812345678', tags: ['a'] },
  { id: 2, text: 'Hello world, call 13812345678', tags: ['b'] },
  { id: 3, text: '今天天气很好，我们一起去公园散步吧，顺便买点新鲜的水果回家。' },
  { id: 4, text: '今天天气很好，我们一起去公园散步吧，顺便买点新鲜的水果回家！' },
  { id: 5, text: '完全不同的句子：身份证号码11010519491231002X。' },
].map((r) => JSON.stringify(r));

async function setup(lines: string[], config: unknown = CONFIG, name = 'in.jsonl') {
  await writeFile(join(dir, 'pipeline.json'), JSON.stringify(config));
  const body = lines.join('\n') + '\n';
  await writeFile(join(dir, name), name.endsWith('.gz') ? gzipSync(body) : body);
}

async function outputRecords(name = 'out.jsonl'): Promise<Record<string, unknown>[]> {
  const raw = await readFile(join(dir, name));
  const text = (name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('biaozhu clean', () => {
  it('cleans a JSONL file and writes the report', async () => {
    await setup(LINES);
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl', '--report', 'report.json']);
    expect(r.stderr).toContain('clean: 5 records in, 3 out, 2 dropped');
    expect(r.code).toBe(0);
    const out = await outputRecords();
    expect(out).toEqual([
      { id: 1, text: 'Hello world,call 138****5678', tags: ['a'] },
      { id: 3, text: '今天天气很好，我们一起去公园散步吧，顺便买点新鲜的水果回家。' },
      { id: 5, text: '完全不同的句子：身份证号码110105********002X。' },
    ]);
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ input: 5, output: 3, lines: 5, badLines: 0 });
    expect(report.steps.map((s: { step: string; out: number }) => `${s.step}:${s.out}`)).toEqual([
      'normalize:5',
      'dedup-exact:5',
      'dedup-near:3',
      'pii:3',
    ]);
    expect(report.steps[3].findings.phone.count).toBe(1);
    expect(await readdir(dir)).not.toContainEqual(expect.stringMatching(/\.tmp-/));
  });

  it('reads .gz input and writes .gz output', async () => {
    await setup(LINES, CONFIG, 'in.jsonl.gz');
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl.gz', '--output', 'out.jsonl.gz']);
    expect(r.code).toBe(0);
    expect(await outputRecords('out.jsonl.gz')).toHaveLength(3);
  });

  it('stops on a bad line, naming its number, and leaves no output', async () => {
    await setup([LINES[0]!, '', '{"text": broken', LINES[1]!]);
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/in\.jsonl line 3: .*--skip-bad-lines/);
    expect(await readdir(dir)).not.toContain('out.jsonl');
  });

  it('skips bad lines with --skip-bad-lines and lists them in the report', async () => {
    await setup([LINES[0]!, '[1,2]', '{"text": broken', LINES[2]!]);
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl', '--report', 'r.json', '--skip-bad-lines']);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
    expect(report.badLines).toBe(2);
    expect(report.skippedLines.map((s: { line: number }) => s.line)).toEqual([2, 3]);
    expect(report.skippedLines[0].error).toBe('not a JSON object');
    expect(await outputRecords()).toHaveLength(2);
  });

  it('names the line of a record without text when missingText is error', async () => {
    await setup([LINES[0]!, '', '{"id": 9}'], { missingText: 'error', steps: [] });
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('in.jsonl line 3: field "text" is missing');
  });

  it('reports config errors with their path', async () => {
    await setup(LINES, { steps: [{ step: 'dedup-near', threshold: 2 }] });
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('steps[0].threshold: must be between 0 and 1');
  });

  it('loads a keyword library file relative to the config', async () => {
    await writeFile(join(dir, 'lib.json'), JSON.stringify({ spam: ['加微信'] }));
    await setup([JSON.stringify({ text: '快来加微信' }), JSON.stringify({ text: '正常' })], {
      steps: [{ step: 'keywords', libraryFile: 'lib.json', action: 'drop' }],
    });
    const r = await run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl']);
    expect(r.code).toBe(0);
    expect(await outputRecords()).toEqual([{ text: '正常' }]);
  });

  it('throws a usage error for missing or unknown flags and prints help', async () => {
    await expect(run(['--input', 'in.jsonl'])).rejects.toThrow(UsageError);
    await expect(run(['--config', 'c', '--input', 'i', '--output', 'o', '--nope'])).rejects.toThrow(UsageError);
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('biaozhu clean --config');
  });
});

describe('biaozhu clean under the CLI loader', () => {
  it('hashes on worker threads when run through tsx register(), as bin/biaozhu.js does', async () => {
    // 250 distinct texts of 20 scattered Han characters, each appearing twice.
    const text = (k: number) => Array.from({ length: 20 }, (_, j) => String.fromCharCode(0x4e00 + ((k * 7919 + j * 104729) % 20000))).join('');
    const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ id: i, text: text(i % 250) }));
    await setup(lines, { steps: [{ step: 'dedup-near', threshold: 0.9, threads: 2 }] });
    const cleanTs = pathToFileURL(fileURLToPath(new URL('./clean.ts', import.meta.url))).href;
    const tsxApi = pathToFileURL(fileURLToPath(import.meta.resolve?.('tsx/esm/api') ?? new URL('../../../../node_modules/tsx/dist/esm/api/index.mjs', import.meta.url))).href;
    const script = `import { register } from ${JSON.stringify(tsxApi)}; register();
const { cleanCommand } = await import(${JSON.stringify(cleanTs)});
process.exitCode = await cleanCommand.run(['--config', 'pipeline.json', '--input', 'in.jsonl', '--output', 'out.jsonl', '--report', 'r.json'],
  { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });`;
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: dir });
    const report = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
    expect(report.steps[0].details.hashing).toBe('2 threads (calling thread + 1 workers)');
    expect(report.steps[0].details.fallbackReason).toBeUndefined();
    expect(report.output).toBe(250);
  });
});

describe('splitLines', () => {
  it('splits across chunk boundaries, handles CRLF and a last line without newline', async () => {
    async function* chunks() {
      yield Buffer.from('ab');
      yield Buffer.from('c\r\nde');
      yield Buffer.from('f\n\n');
      yield Buffer.from('g');
      yield Buffer.from('你');
      yield Buffer.from('好'.slice(0));
    }
    const lines: string[] = [];
    for await (const l of splitLines(chunks())) lines.push(`${l.line}:${l.bytes.toString('utf8')}`);
    expect(lines).toEqual(['1:abc', '2:def', '3:', '4:g你好']);
  });

  it('joins a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('{"text":"中文"}\n');
    async function* chunks() {
      yield bytes.subarray(0, 11);
      yield bytes.subarray(11);
    }
    const lines: string[] = [];
    for await (const l of splitLines(chunks())) lines.push(l.bytes.toString('utf8'));
    expect(lines).toEqual(['{"text":"中文"}']);
  });
});
