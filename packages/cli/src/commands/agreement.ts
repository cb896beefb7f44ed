import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cohenKappaOfWorkers,
  fleissKappa,
  krippendorffAlpha,
  percentAgreement,
  QualityInputError,
  type EncodedLabels,
} from '@biaozhu/core/quality/index';
import { UsageError, type CliCommand, type CliIo } from '../command.js';
import { CsvFormatError, readCsvFile } from '../quality-io/csv-records.js';
import { countDuplicateRows } from '../quality-io/duplicate-rows.js';
import { readLabels } from '../quality-io/read-labels.js';

const usage = `Usage: biaozhu agreement --input labels.csv [--json]

Prints inter-annotator agreement of a worker,task,label CSV: percent agreement, Fleiss' kappa, Krippendorff's
alpha (nominal; interval too when every label is a number) and Cohen's kappa when there are exactly two workers.
  --json  print one JSON object instead of text`;

/** One metric's value, or why it is not defined for this data. */
export interface MetricValue {
  value: number | null;
  note?: string;
}

/** What `biaozhu agreement --json` prints. */
export interface AgreementReport {
  tasks: number;
  workers: number;
  labels: number;
  classes: number;
  duplicateRows: number;
  percentAgreement: MetricValue;
  fleissKappa: MetricValue;
  krippendorffAlphaNominal: MetricValue;
  krippendorffAlphaInterval: MetricValue;
  cohenKappa: MetricValue;
}

/** `biaozhu agreement`: agreement metrics of a labels CSV. */
export const agreementCommand: CliCommand = {
  name: 'agreement',
  summary: "Inter-annotator agreement of a labels CSV (percent, Fleiss' and Cohen's kappa, Krippendorff's alpha)",
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          input: { type: 'string' },
          json: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        allowPositionals: false,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if (values.help) {
      io.stdout.write(usage + '\n');
      return 0;
    }
    if (values.input === undefined) throw new UsageError('--input labels.csv is required');
    try {
      const labels = await readLabels(readCsvFile(resolve(io.cwd, values.input)), values.input);
      const report = agreementReport(labels);
      io.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
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

/** Computes every metric; one that is not defined for the data is null with the reason. */
export function agreementReport(labels: EncodedLabels): AgreementReport {
  const { data, classIds } = labels;
  const numeric = classIds.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return {
    tasks: data.nTasks,
    workers: data.nWorkers,
    labels: data.task.length,
    classes: data.nClasses,
    duplicateRows: countDuplicateRows(data),
    percentAgreement: metric(() => percentAgreement(data)),
    fleissKappa: metric(() => fleissKappa(data)),
    krippendorffAlphaNominal: metric(() => krippendorffAlpha(data, { metric: 'nominal' })),
    krippendorffAlphaInterval: numeric
      ? metric(() => krippendorffAlpha(data, { metric: 'interval', classValues: classIds.map(Number) }))
      : { value: null, note: 'labels are not all numbers' },
    cohenKappa:
      data.nWorkers === 2
        ? metric(() => cohenKappaOfWorkers(data, 0, 1))
        : { value: null, note: `needs exactly 2 workers, found ${data.nWorkers}` },
  };
}

function metric(compute: () => number): MetricValue {
  try {
    return { value: compute() };
  } catch (error) {
    if (error instanceof QualityInputError) return { value: null, note: error.message };
    throw error;
  }
}

function formatReport(r: AgreementReport): string {
  const line = (name: string, m: MetricValue): string =>
    `${name.padEnd(34)}${m.value === null ? `n/a (${m.note ?? 'undefined'})` : m.value.toFixed(4)}\n`;
  return (
    `tasks ${r.tasks}, workers ${r.workers}, labels ${r.labels}, classes ${r.classes}` +
    (r.duplicateRows > 0 ? `, ${r.duplicateRows} repeated (worker, task) rows counted as separate labels` : '') +
    '\n' +
    line('percent agreement', r.percentAgreement) +
    line("Fleiss' kappa", r.fleissKappa) +
    line("Krippendorff's alpha (nominal)", r.krippendorffAlphaNominal) +
    line("Krippendorff's alpha (interval)", r.krippendorffAlphaInterval) +
    line("Cohen's kappa", r.cohenKappa)
  );
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'path' in error;
}
