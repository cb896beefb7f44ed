import { createRng, type LabelData } from '@biaozhu/core/quality/index';

export interface SyntheticSet {
  data: LabelData;
  truth: Int32Array;
}

/**
 * The synthetic set of the crowd data sets README: `nTasks` tasks x `perTask` labels from distinct workers drawn
 * uniformly, `nWorkers` workers of whom 10% answer uniformly at random and the rest are right with a probability
 * drawn from U(0.55, 0.95) and otherwise pick one of the other classes uniformly. Seeded, so every run is the same.
 */
export function syntheticLabels(seed = 42, nTasks = 100_000, perTask = 5, nWorkers = 1000, nClasses = 5): SyntheticSet {
  const rng = createRng(seed);
  const accuracy = new Float64Array(nWorkers);
  const spammer = new Uint8Array(nWorkers);
  for (let w = 0; w < nWorkers; w++) {
    spammer[w] = rng() < 0.1 ? 1 : 0;
    accuracy[w] = 0.55 + 0.4 * rng();
  }
  const n = nTasks * perTask;
  const task = new Int32Array(n);
  const worker = new Int32Array(n);
  const label = new Int32Array(n);
  const truth = new Int32Array(nTasks);
  const chosen: number[] = [];
  let i = 0;
  for (let t = 0; t < nTasks; t++) {
    const z = Math.floor(rng() * nClasses);
    truth[t] = z;
    chosen.length = 0;
    while (chosen.length < perTask) {
      const w = Math.floor(rng() * nWorkers);
      if (!chosen.includes(w)) chosen.push(w);
    }
    for (const w of chosen) {
      let l: number;
      if (spammer[w]) l = Math.floor(rng() * nClasses);
      else if (rng() < accuracy[w]!) l = z;
      else l = (z + 1 + Math.floor(rng() * (nClasses - 1))) % nClasses;
      task[i] = t;
      worker[i] = w;
      label[i] = l;
      i++;
    }
  }
  return { data: { nTasks, nWorkers, nClasses, task, worker, label }, truth };
}
