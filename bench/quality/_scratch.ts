import { crowdDatasetsDir, loadDataset } from './datasets.js';
import { glad, goldAccuracy } from '@biaozhu/core/quality/index';
const dir = crowdDatasetsDir()!;
const d = await loadDataset(dir, 'zheng_s4_relevance');
const t0 = performance.now();
const g = glad(d.labels.data, { maxIterations: 3 });
console.log(goldAccuracy(g.answers, d.gold).accuracy, g.iterations, performance.now() - t0);
