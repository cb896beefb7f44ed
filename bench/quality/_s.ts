import { dawidSkene } from '@biaozhu/core/quality/index';
import { dawidSkene as oldDs } from '../../packages/core/src/quality/zz-old-ds.js';
import { syntheticLabels } from './synthetic.js';
const s = syntheticLabels();
const a: number[] = [], b: number[] = [], z: number[] = [];
for (let r = 0; r < 12; r++) {
  const t0 = performance.now(); dawidSkene(s.data, { maxIterations: 10, tol: -Infinity }); const t1 = performance.now();
  oldDs(s.data, { maxIterations: 10, tol: -Infinity }); const t2 = performance.now();
  dawidSkene(s.data, { maxIterations: 0 }); const t3 = performance.now();
  oldDs(s.data, { maxIterations: 0 }); const t4 = performance.now();
  a.push(t1 - t0 - (t3 - t2)); b.push(t2 - t1 - (t4 - t3)); z.push(t3 - t2);
}
console.log('min new/iter', Math.min(...a) / 10, 'min old/iter', Math.min(...b) / 10, 'min setup', Math.min(...z));
