import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseCsv, type CsvRecord } from './csv-records.js';

async function parse(chunks: string[]): Promise<CsvRecord[]> {
  async function* gen(): AsyncGenerator<string> {
    yield* chunks;
  }
  const out: CsvRecord[] = [];
  for await (const r of parseCsv(gen())) out.push(r);
  return out;
}

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and CRLF ends', async () => {
    const text = 'worker,task,label\r\nw1,"a, b",1\r\n"w""2","multi\nline",2\r\n\r\nw3,c,\n';
    const records = await parse([text]);
    expect(records.map((r) => r.fields)).toEqual([
      ['worker', 'task', 'label'],
      ['w1', 'a, b', '1'],
      ['w"2', 'multi\nline', '2'],
      ['w3', 'c', ''],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 6]);
  });

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = '\ufeffa,b\n"x,""y""",z\r\nlast,row';
    const whole = await parse([text]);
    for (let size = 1; size < 6; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
      expect(await parse(chunks)).toEqual(whole);
    }
    expect(whole.map((r) => r.fields)).toEqual([['a', 'b'], ['x,"y"', 'z'], ['last', 'row']]);
  });

  it('names the line of an unclosed quote', async () => {
    await expect(parse(['a,b\n"open,1\n'])).rejects.toThrow(CsvFormatError);
    await expect(parse(['a,b\n"open,1\n'])).rejects.toThrow(/line 2/);
  });
});
