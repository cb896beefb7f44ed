import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, type EncodedLabels } from '@biaozhu/core/quality/index';
import { readCsvFile } from '@biaozhu/cli/quality-io/csv-records';
import { encodeGold, readGold, readLabels } from '@biaozhu/cli/quality-io/read-labels';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The crowd data sets folder: `<repo>/../shared/datasets/crowd` (or BIAOZHU_SHARED), or undefined when absent. */
export function crowdDatasetsDir(): string | undefined {
  const shared = process.env.BIAOZHU_SHARED ?? join(repoRoot, '..', 'shared');
  const dir = join(shared, 'datasets', 'crowd');
  return existsSync(dir) ? dir : undefined;
}

export function listDatasets(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'labels.csv')))
    .map((d) => d.name)
    .sort();
}

export interface LoadedDataset {
  name: string;
  labels: EncodedLabels;
  gold: Int32Array;
}

export async function loadDataset(dir: string, name: string): Promise<LoadedDataset> {
  const labels = await readLabels(readCsvFile(join(dir, name, 'labels.csv')), `${name}/labels.csv`);
  const goldRows = await readGold(readCsvFile(join(dir, name, 'gold.csv')), `${name}/gold.csv`);
  return { name, labels, gold: encodeGold(goldRows, labels).gold };
}

export interface RevealedGold {
  /** The revealed share: the known answer of those tasks, -1 elsewhere (a `gold` vector for the methods). */
  revealed: Int32Array;
  /** 1 for the labelled gold tasks not revealed: accuracy is scored on these. */
  scored: Uint8Array;
  nRevealed: number;
}

/**
 * Reveals a seeded `share` (at least one) of a set's labelled gold tasks, as a project would know the answers of a
 * few of its tasks, and marks the rest for scoring. A Fisher-Yates shuffle with `createRng(seed)`.
 */
export function revealGold(set: LoadedDataset, seed: number, share = 0.1): RevealedGold {
  const perTask = new Int32Array(set.labels.data.nTasks);
  for (const t of set.labels.data.task) perTask[t]!++;
  const labelled: number[] = [];
  for (let t = 0; t < set.gold.length; t++) if (set.gold[t]! >= 0 && perTask[t]! > 0) labelled.push(t);
  const rng = createRng(seed);
  for (let i = labelled.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [labelled[i], labelled[j]] = [labelled[j]!, labelled[i]!];
  }
  const nRevealed = Math.max(1, Math.round(labelled.length * share));
  const revealed = new Int32Array(set.gold.length).fill(-1);
  const scored = new Uint8Array(set.gold.length);
  labelled.forEach((t, i) => {
    if (i < nRevealed) revealed[t] = set.gold[t]!;
    else scored[t] = 1;
  });
  return { revealed, scored, nRevealed };
}
