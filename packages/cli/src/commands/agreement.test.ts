import { describe, expect, it } from 'vitest';
import { agreementCommand, type AgreementReport } from './agreement.js';
import { sandbox } from '../quality-io/test-sandbox.js';

describe('biaozhu agreement', () => {
  it('prints the metrics as JSON, with Cohen only for two workers', async () => {
    // two raters, tasks: (1,1), (2,2), (1,2), (2,2): po = 3/4, pe = 1/2; kappa 0.5
    const s = sandbox({ 'labels.csv': 'worker,task,label\na,1,1\nb,1,1\na,2,2\nb,2,2\na,3,1\nb,3,2\na,4,2\nb,4,2\n' });
    expect(await agreementCommand.run(['--input', 'labels.csv', '--json'], s.io)).toBe(0);
    const report = JSON.parse(s.out()) as AgreementReport;
    expect(report.tasks).toBe(4);
    expect(report.percentAgreement.value).toBeCloseTo(0.75, 12);
    expect(report.cohenKappa.value).toBeCloseTo(0.5, 12);
    expect(report.krippendorffAlphaInterval.value).not.toBeNull();
  });

  it('prints text and says why a metric does not apply', async () => {
    const s = sandbox({ 'labels.csv': 'worker,task,label\na,1,x\nb,1,x\nc,1,y\na,2,y\nb,2,y\n' });
    expect(await agreementCommand.run(['--input', 'labels.csv'], s.io)).toBe(0);
    expect(s.out()).toMatch(/percent agreement\s+0\.6667/);
    expect(s.out()).toMatch(/Cohen's kappa\s+n\/a \(needs exactly 2 workers, found 3\)/);
    expect(s.out()).toMatch(/interval\)\s+n\/a \(labels are not all numbers\)/);
  });
});
