import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import { CleaningPipeline, MissingTextError, PipelineConfigError, parsePipelineConfig } from '@biaozhu/core/cleaning/index';
import type { CleanRecord, CleaningReport } from '@biaozhu/core/cleaning/index';
import { UsageError } from '../command.js';
import type { CliCommand, CliIo } from '../command.js';

const usage = `Usage: biaozhu clean --config pipeline.json --input in.jsonl[.gz] --output out.jsonl[.gz]
                     [--report report.json] [--skip-bad-lines]

Cleans a JSON-lines file with a pipeline of steps (normalize, language, filter, dedup-exact, dedup-near, pii,
keywords, aigc), on files alone: no server, no database. Only the config's text field is read or changed.
  --config          pipeline config: {"textField": "text", "steps": [{"step": "normalize"}, ...]} (docs/cleaning.md)
  --input           JSONL input, one JSON object per line; .gz is decompressed
  --output          JSONL output of the records kept; .gz is compressed
  --report          write the cleaning report (per step: in, out, changed, findings with examples) as JSON
  --skip-bad-lines  skip lines that are not JSON objects and list them in the report instead of stopping`;

/** Lines skipped with --skip-bad-lines that are listed one by one in the report; the rest are only counted. */
const MAX_LISTED_BAD_LINES = 1000;

/** A line of the input that is not a JSON object. */
export class BadLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file} line ${line}: ${reason}`);
    this.name = 'BadLineError';
  }
}

interface CleanOptions {
  config: string;
  input: string;
  output: string;
  report: string | undefined;
  skipBadLines: boolean;
  help: boolean;
}

function parseOptions(args: string[]): CleanOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string' },
        report: { type: 'string' },
        'skip-bad-lines': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const help = values.help ?? false;
  if (!help) {
    if (values.config === undefined) throw new UsageError('--config pipeline.json is required');
    if (values.input === undefined) throw new UsageError('--input in.jsonl is required');
    if (values.output === undefined) throw new UsageError('--output out.jsonl is required');
  }
  return {
    config: values.config ?? '',
    input: values.input ?? '',
    output: values.output ?? '',
    report: values.report,
    skipBadLines: values['skip-bad-lines'] ?? false,
    help,
  };
}

/**
 * Splits a byte stream into lines on `\n` (a trailing `\r` is dropped), keeping only the unfinished tail between
 * chunks. Yields each line's bytes with its 1-based number.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let tail: Buffer = Buffer.alloc(0);
  let line = 0;
  for await (const chunk of chunks) {
    const buf: Buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    let data = buf;
    if (tail.length > 0) {
      const nl = buf.indexOf(10);
      if (nl === -1) {
        tail = Buffer.concat([tail, buf]);
        continue;
      }
      line++;
      yield { line, bytes: stripCr(Buffer.concat([tail, buf.subarray(0, nl)])) };
      tail = Buffer.alloc(0);
      start = nl + 1;
      data = buf;
    }
    for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
      line++;
      yield { line, bytes: stripCr(data.subarray(start, nl)) };
      start = nl + 1;
    }
    if (start < data.length) tail = Buffer.from(data.subarray(start));
  }
  if (tail.length > 0) yield { line: line + 1, bytes: stripCr(tail) };
}

function stripCr(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] === 13 ? b.subarray(0, b.length - 1) : b;
}

interface ReadStats {
  lines: number;
  blank: number;
  badLines: number;
  listedBadLines: { line: number; error: string }[];
}

/** Reads JSONL records from a file (gunzipping .gz), reporting or throwing on lines that are not JSON objects. */
async function* readRecords(
  path: string,
  label: string,
  skipBad: boolean,
  stats: ReadStats,
  lineOf: Map<number, number>,
  keepLines: number,
): AsyncGenerator<CleanRecord> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const source: AsyncIterable<Buffer> = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let index = 0;
  for await (const { line, bytes } of splitLines(source)) {
    stats.lines = line;
    let text: string;
    let record: unknown;
    try {
      text = decoder.decode(bytes);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.trim() === '') {
        stats.blank++;
        continue;
      }
      record = JSON.parse(text);
      if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error('not a JSON object');
    } catch (e) {
      const reason = e instanceof TypeError ? 'invalid UTF-8' : (e as Error).message;
      if (!skipBad) throw new BadLineError(label, line, reason);
      stats.badLines++;
      if (stats.listedBadLines.length < MAX_LISTED_BAD_LINES) stats.listedBadLines.push({ line, error: reason });
      continue;
    }
    lineOf.set(index, line);
    lineOf.delete(index - keepLines);
    index++;
    yield record as CleanRecord;
  }
}

/** Writes lines with backpressure, in ~64 KB pieces. */
class LineWriter {
  private buffer = '';
  constructor(private readonly out: NodeJS.WritableStream) {}

  async write(line: string): Promise<void> {
    this.buffer += line + '\n';
    if (this.buffer.length >= 65536) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer === '') return;
    const ok = this.out.write(this.buffer);
    this.buffer = '';
    if (!ok) await once(this.out, 'drain');
  }
}

/** Loads a pipeline config file; a keywords step's libraryFile is read relative to the config file. */
async function loadConfig(path: string): Promise<unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read config ${path}: ${(e as Error).message}`);
  }
  const config = parsePipelineConfig(raw);
  for (const step of config.steps) {
    if (step.step === 'keywords' && step.libraryFile !== undefined && step.library === undefined) {
      const file = resolve(dirname(path), step.libraryFile);
      try {
        step.library = JSON.parse(await readFile(file, 'utf8')) as Record<string, string[]>;
      } catch (e) {
        throw new Error(`cannot read keyword library ${file}: ${(e as Error).message}`);
      }
    }
  }
  return config;
}

/** The report written by `biaozhu clean --report`: the pipeline's report plus what happened to the input lines. */
export interface CleanCommandReport extends CleaningReport {
  inputFile: string;
  outputFile: string;
  lines: number;
  blankLines: number;
  badLines: number;
  skippedLines: { line: number; error: string }[];
}

/** `biaozhu clean`: runs a cleaning pipeline over a JSONL file. */
export const cleanCommand: CliCommand = {
  name: 'clean',
  summary: 'Clean a JSONL file: normalise, filter, deduplicate, redact personal information, flag keywords',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const o = parseOptions(args);
    if (o.help) {
      io.stdout.write(usage + '\n');
      return 0;
    }
    const configPath = resolve(io.cwd, o.config);
    const inputPath = resolve(io.cwd, o.input);
    const outputPath = resolve(io.cwd, o.output);
    let pipeline: CleaningPipeline;
    try {
      pipeline = new CleaningPipeline(await loadConfig(configPath));
    } catch (e) {
      io.stderr.write(`${e instanceof PipelineConfigError ? e.message : `error: ${(e as Error).message}`}\n`);
      return 1;
    }
    const stats: ReadStats = { lines: 0, blank: 0, badLines: 0, listedBadLines: [] };
    const lineOf = new Map<number, number>();
    const tmp = `${outputPath}.tmp-${process.pid}`;
    const file = createWriteStream(tmp);
    const gzip = outputPath.endsWith('.gz') ? createGzip() : undefined;
    if (gzip) gzip.pipe(file);
    const sink: NodeJS.WritableStream = gzip ?? file;
    const writer = new LineWriter(sink);
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    let written = 0;
    let lastProgress = Date.now();
    try {
      const records = readRecords(inputPath, o.input, o.skipBadLines, stats, lineOf, pipeline.config.batchSize * 2 + 16);
      for await (const record of pipeline.run(records)) {
        await writer.write(JSON.stringify(record));
        written++;
        if (tty && Date.now() - lastProgress > 500) {
          lastProgress = Date.now();
          io.stderr.write(`\rclean: ${stats.lines} lines read, ${written} records written`);
        }
      }
      await writer.flush();
      sink.end();
      await once(file, 'close');
      await rename(tmp, outputPath);
    } catch (e) {
      file.destroy();
      await rm(tmp, { force: true });
      if (tty) io.stderr.write('\n');
      if (e instanceof MissingTextError) {
        const line = lineOf.get(e.index);
        io.stderr.write(`error: ${o.input}${line === undefined ? ` record ${e.index + 1}` : ` line ${line}`}: field "${e.field}" is missing or not a string\n`);
      } else if (e instanceof BadLineError) {
        io.stderr.write(`error: ${e.message} (use --skip-bad-lines to skip such lines)\n`);
      } else {
        io.stderr.write(`error: ${(e as Error).message}\n`);
      }
      return 1;
    }
    if (tty) io.stderr.write('\n');
    const report: CleanCommandReport = {
      inputFile: o.input,
      outputFile: o.output,
      lines: stats.lines,
      blankLines: stats.blank,
      badLines: stats.badLines,
      skippedLines: stats.listedBadLines,
      ...pipeline.report(),
    };
    if (o.report !== undefined) {
      await writeFile(resolve(io.cwd, o.report), JSON.stringify(report, null, 2) + '\n');
    }
    io.stderr.write(summary(report));
    return 0;
  },
};

function summary(r: CleanCommandReport): string {
  const lines = [`clean: ${r.input} records in, ${r.output} out, ${r.dropped} dropped${r.badLines ? `, ${r.badLines} bad lines skipped` : ''}`];
  for (const s of r.steps) lines.push(`  ${s.step.padEnd(12)} in ${s.in}, out ${s.out}, changed ${s.changed}`);
  return lines.join('\n') + '\n';
}
