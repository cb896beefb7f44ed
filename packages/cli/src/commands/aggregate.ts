import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import {
  AGGREGATION_METHODS,
  createRng,
  GOLD_ANCHORED,
  goldAccuracy,
  runMethod,
  QualityInputError,
  type AggregationMethod,
  type AggregationResult,
  type EncodedLabels,
} from '@biaozhu/core/quality/index';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { CsvFormatError, readCsvFile } from '../quality-io/csv-records.js';
import { countDuplicateRows } from '../quality-io/duplicate-rows.js';
import { encodeGold, readGold, readLabels } from '../quality-io/read-labels.js';
import { csvField, writeLines } from '../quality-io/write-csv.js';

const usage = `Usage: biaozhu aggregate --input labels.csv [--method mv|wawa|ds|onecoin|glad|mace|auto]
                         [--gold gold.csv] [--out answers.csv] [--seed N]

Combines crowd labels into one answer per task and writes task,label,confidence (to stdout without --out).
  --input   CSV with a header row worker,task,label (quoted fields allowed; other columns ignored)
  --method  mv (majority vote), wawa, ds (Dawid-Skene, default), onecoin, glad, mace, or auto
  --gold    CSV task,true_label of known answers: anchors onecoin, and ds when that is clearly more accurate on
            held-out gold (cross-validated); other methods report their accuracy on it.
            Required by auto, which fits every method on half of the gold and picks the most accurate on the rest.
  --out     output file (default stdout)
  --seed    seed of random tie-breaks, restarts and the auto split (default 0)`;

/** `biaozhu aggregate`: truth inference over a labels CSV. */
export const aggregateCommand: CliCommand = {
  name: 'aggregate',
  summary: 'Combine crowd labels into one answer per task (majority vote, Wawa, Dawid-Skene, GLAD, MACE, auto)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const options = parseOptions(args);
    if (options.help) {
      io.stdout.write(usage + '\n');
      return 0;
    }
    try {
      const labels = await readLabels(readCsvFile(resolve(io.cwd, options.input)), options.input);
      const duplicates = countDuplicateRows(labels.data);
      if (duplicates > 0) {
        io.stderr.write(`note: ${duplicates} rows repeat a (worker, task) pair; each is counted as a separate label\n`);
      }
      let gold: Int32Array | undefined;
      if (options.gold !== undefined) {
        const rows = await readGold(readCsvFile(resolve(io.cwd, options.gold)), options.gold);
        const encoded = encodeGold(rows, labels);
        if (encoded.unknownTasks.length > 0) {
          io.stderr.write(
            `warning: ${encoded.unknownTasks.length} gold tasks have no labels and are ignored: ${preview(encoded.unknownTasks)}\n`,
          );
        }
        if (encoded.unknownClasses.length > 0) {
          io.stderr.write(`warning: gold answers never used in the labels are ignored: ${preview(encoded.unknownClasses)}\n`);
        }
        gold = encoded.gold;
      }
      const result = options.method === 'auto' ? chooseAndRun(labels, gold, options.seed, io) : runOne(labels, gold, options, io);
      if (options.out === undefined) {
        await writeLines(io.stdout, answerLines(labels, result));
      } else {
        const out = createWriteStream(resolve(io.cwd, options.out));
        await once(out, 'open'); // rejects with the file error (e.g. ENOENT) instead of crashing on an 'error' event
        await writeLines(out, answerLines(labels, result));
        out.end();
        await finished(out);
      }
      return 0;
    } catch (error) {
      if (error instanceof CsvFormatError || error instanceof QualityInputError || isFileError(error)) {
        io.stderr.write(`error: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  },
};

interface AggregateOptions {
  method: AggregationMethod | 'auto';
  input: string;
  gold: string | undefined;
  out: string | undefined;
  seed: number;
  help: boolean;
}

function parseOptions(args: string[]): AggregateOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        method: { type: 'string', default: 'ds' },
        input: { type: 'string' },
        gold: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string', default: '0' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { method: 'ds', input: '', gold: undefined, out: undefined, seed: 0, help: true };
  const method = values.method;
  if (method !== 'auto' && !(AGGREGATION_METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`unknown --method ${method}; use one of ${AGGREGATION_METHODS.join(', ')}, auto`);
  }
  if (values.input === undefined) throw new UsageError('--input labels.csv is required');
  if (method === 'auto' && values.gold === undefined) {
    throw new UsageError('--method auto needs --gold gold.csv: it picks the method that is most accurate on held-out gold');
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${values.seed}`);
  return {
    method: method as AggregationMethod | 'auto',
    input: values.input,
    gold: values.gold,
    out: values.out,
    seed,
    help: false,
  };
}

function runOne(labels: EncodedLabels, gold: Int32Array | undefined, options: AggregateOptions, io: CliIo): AggregationResult {
  const method = options.method as AggregationMethod;
  const { result, anchoring } = runMethod(method, labels.data, { seed: options.seed, gold });
  if (anchoring) {
    const h = anchoring.heldOut;
    const verdict =
      h.total === 0
        ? 'fewer than 2 labelled gold tasks, too few to check that anchoring helps: unsupervised answers kept'
        : `${anchoring.anchored ? 'anchored on gold' : 'anchoring did not clearly help on held-out gold, unsupervised answers kept'}` +
          ` (held-out gold right: anchored ${h.anchored}, plain ${h.plain} of ${h.total}; ${h.discordant} discordant)`;
    io.stderr.write(`ds: ${verdict}; gold tasks keep their known answer\n`);
  }
  if (gold) {
    if (method === 'onecoin') {
      io.stderr.write(`${method}: anchored on ${countGold(gold)} gold tasks (they keep their known answer)\n`);
    } else if (!GOLD_ANCHORED.has(method)) {
      const acc = goldAccuracy(result.answers, gold);
      io.stderr.write(`${method}: accuracy on ${acc.total} gold tasks ${acc.accuracy.toFixed(4)}\n`);
    }
  }
  return result;
}

/**
 * Splits the labelled gold tasks in two (seeded), fits every method with the first half as its only gold, scores
 * each on the second half, and reruns the best one with all the gold.
 */
function chooseAndRun(labels: EncodedLabels, gold: Int32Array | undefined, seed: number, io: CliIo): AggregationResult {
  if (!gold) throw new QualityInputError('auto needs gold answers');
  const goldTasks: number[] = [];
  for (let t = 0; t < gold.length; t++) if (gold[t]! >= 0) goldTasks.push(t);
  if (goldTasks.length < 2) {
    throw new QualityInputError(`auto needs at least 2 labelled gold tasks to hold some out; found ${goldTasks.length}`);
  }
  const rng = createRng(seed);
  for (let i = goldTasks.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [goldTasks[i], goldTasks[j]] = [goldTasks[j]!, goldTasks[i]!];
  }
  const half = Math.floor(goldTasks.length / 2);
  const fitGold = new Int32Array(gold.length).fill(-1);
  const heldOut = new Uint8Array(gold.length);
  goldTasks.forEach((t, i) => {
    if (i < half) fitGold[t] = gold[t]!;
    else heldOut[t] = 1;
  });
  let best: AggregationMethod = 'mv';
  let bestAccuracy = -1;
  io.stderr.write(`auto: fit on ${half} gold tasks, scored on ${goldTasks.length - half} held out\n`);
  for (const method of AGGREGATION_METHODS) {
    const { result } = runMethod(method, labels.data, { seed, gold: fitGold });
    const acc = goldAccuracy(result.answers, gold, heldOut);
    io.stderr.write(`  ${method.padEnd(8)} ${acc.accuracy.toFixed(4)} (${acc.correct}/${acc.total})\n`);
    if (acc.accuracy > bestAccuracy) {
      bestAccuracy = acc.accuracy;
      best = method;
    }
  }
  io.stderr.write(`auto: chose ${best}\n`);
  return runMethod(best, labels.data, { seed, gold }).result;
}

function* answerLines(labels: EncodedLabels, result: AggregationResult): Generator<string> {
  yield 'task,label,confidence';
  for (let t = 0; t < labels.taskIds.length; t++) {
    const answer = result.answers[t]!;
    if (answer < 0) continue;
    const confidence = Math.round(result.confidence[t]! * 1e6) / 1e6;
    yield `${csvField(labels.taskIds[t]!)},${csvField(labels.classIds[answer]!)},${confidence}`;
  }
}

function countGold(gold: Int32Array): number {
  let n = 0;
  for (const g of gold) if (g >= 0) n++;
  return n;
}

function preview(items: readonly string[]): string {
  return items.slice(0, 10).join(', ') + (items.length > 10 ? `, ... (${items.length - 10} more)` : '');
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'path' in error;
}
