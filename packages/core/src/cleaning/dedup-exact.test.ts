import { describe, it, expect } from 'vitest';
import { cleanRecords } from './pipeline.js';

describe('dedup-exact', () => {
  it('keeps the first of identical texts and passes other fields through', async () => {
    const { records, report } = await cleanRecords({ steps: [{ step: 'dedup-exact' }] }, [
      { id: 1, text: '你好' },
      { id: 2, text: 'hello' },
      { id: 3, text: '你好', meta: { a: 1 } },
      { id: 4, text: '你好 ' },
    ]);
    expect(records).toEqual([
      { id: 1, text: '你好' },
      { id: 2, text: 'hello' },
      { id: 4, text: '你好 ' },
    ]);
    expect(report.steps[0]).toMatchObject({ in: 4, out: 3 });
    expect(report.steps[0]!.findings.duplicate?.examples[0]).toMatchObject({ index: 2, detail: 'same as record 0' });
  });

  it('works on the normalised text when normalize runs first, or on the loose key', async () => {
    const data = [{ text: 'Hello, World' }, { text: 'Ｈｅｌｌｏ，  Ｗｏｒｌｄ' }, { text: 'hello world!' }];
    const a = await cleanRecords({ steps: [{ step: 'normalize' }, { step: 'dedup-exact' }] }, data);
    expect(a.records.map((r) => r.text)).toEqual(['Hello, World', 'hello world!']);
    const b = await cleanRecords({ steps: [{ step: 'dedup-exact', key: 'loose' }] }, data);
    expect(b.records).toHaveLength(1);
  });
});
