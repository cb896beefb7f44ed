import { dawidSkene, goldAccuracy, majorityVote } from '@biaozhu/core/quality/index';
import { syntheticLabels } from './synthetic.js';
const s = syntheticLabels();
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const ds = dawidSkene(s.data);
  const t1 = performance.now();
  const ds10 = dawidSkene(s.data, { maxIterations: 10, tol: -Infinity });
  const t2 = performance.now();
  console.log('converge', (t1 - t0).toFixed(0), ds.iterations, 'acc', goldAccuracy(ds.answers, s.truth).accuracy, 'mv', goldAccuracy(majorityVote(s.data).answers, s.truth).accuracy, '10 it', ((t2 - t1)/10).toFixed(1), ds10.iterations);
}
