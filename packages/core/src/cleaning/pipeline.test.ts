import { describe, it, expect } from 'vitest';
import { PipelineConfigError } from './config.js';
import { CleaningPipeline, MissingTextError, cleanRecords } from './pipeline.js';
import type { CleanRecord } from './types.js';

describe('cleaning pipeline', () => {
  it('changes only the text field, keeps order and other fields, and reports each step', async () => {
    const data = [
      { id: 1, text: 'Ｈｉ，  ｔｈｅｒｅ 13812345678', nested: { a: [1, 2] } },
      { id: 2, body: 'no text field' },
      { id: 3, text: 'hi, there 13812345678' },
      { id: 4, text: '另一条 记录' },
    ];
    const { records, report } = await cleanRecords(
      { batchSize: 2, steps: [{ step: 'normalize' }, { step: 'dedup-exact' }, { step: 'pii', mode: 'placeholder' }] },
      data,
    );
    expect(records).toEqual([
      { id: 1, text: 'Hi, there [PHONE]', nested: { a: [1, 2] } },
      { id: 2, body: 'no text field' },
      { id: 3, text: 'hi, there [PHONE]' },
      { id: 4, text: '另一条 记录' },
    ]);
    expect(report).toMatchObject({ input: 4, output: 4, dropped: 0, missingText: 1 });
    expect(report.steps.map((s) => [s.step, s.in, s.out, s.changed])).toEqual([
      ['normalize', 3, 3, 1],
      ['dedup-exact', 3, 3, 0],
      ['pii', 3, 3, 2],
    ]);
  });

  it('can drop records without text or stop with the record number', async () => {
    const dropped = await cleanRecords({ missingText: 'drop', steps: [] }, [{ text: 'a' }, { t: 1 }, { text: 5 }]);
    expect(dropped.records).toEqual([{ text: 'a' }]);
    const p = new CleaningPipeline({ missingText: 'error', steps: [] });
    const run = async () => {
      for await (const _ of p.run([{ text: 'a' }, { x: 1 }])) void _;
    };
    await expect(run()).rejects.toThrow(MissingTextError);
    await expect(cleanRecords({ missingText: 'error', steps: [] }, [{ x: 1 }])).rejects.toThrow('record 0: field "text" is missing');
  });

  it('caps examples per finding and shortens long texts', async () => {
    const long = '长'.repeat(200);
    const { report } = await cleanRecords({ maxExamples: 2, steps: [{ step: 'dedup-exact' }] }, Array.from({ length: 6 }, () => ({ text: long })));
    const f = report.steps[0]!.findings.duplicate!;
    expect(f.count).toBe(5);
    expect(f.examples).toHaveLength(2);
    expect(Array.from(f.examples[0]!.text)).toHaveLength(81);
  });

  it('uses the configured text field', async () => {
    const { records } = await cleanRecords({ textField: 'content', steps: [{ step: 'normalize' }] }, [{ content: ' a ', text: ' b ' }]);
    expect(records).toEqual([{ content: 'a', text: ' b ' }]);
  });

  it('rejects a bad config before reading anything', () => {
    expect(() => new CleaningPipeline({ steps: [{ step: 'pii', mode: 'burn' }] })).toThrow(PipelineConfigError);
  });

  it('streams: records come out before the input ends', async () => {
    const p = new CleaningPipeline({ batchSize: 10, steps: [{ step: 'normalize' }, { step: 'dedup-near', threads: 1 }] });
    let produced = 0;
    async function* source(): AsyncGenerator<CleanRecord> {
      for (let i = 0; i < 100; i++) {
        produced++;
        yield { text: `record number ${i} ${'x'.repeat(i % 7)} ${i * 7919}` };
      }
    }
    let firstAt = -1;
    let n = 0;
    for await (const _ of p.run(source())) {
      void _;
      if (firstAt === -1) firstAt = produced;
      n++;
    }
    expect(firstAt).toBeLessThanOrEqual(11);
    expect(n).toBe(100);
    expect(p.report().durationMs).toBeGreaterThanOrEqual(0);
  });
});
