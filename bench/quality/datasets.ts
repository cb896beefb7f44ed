import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EncodedLabels } from '@biaozhu/core/quality/index';
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
