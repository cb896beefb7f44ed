import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../command.js';
import { aggregateCommand } from './aggregate.js';
import { sandbox } from '../quality-io/test-sandbox.js';

// Two reliable workers (a, b) and one (c) who always contradicts them; t4 is answered by a and c only.
const labels = [
  'worker,task,label',
  'a,t1,cat', 'b,t1,cat', 'c,t1,dog',
  'a,t2,dog', 'b,t2,dog', 'c,t2,cat',
  'a,t3,cat', 'b,t3,cat', 'c,t3,dog',
  'a,"t,4",dog', 'c,"t,4",cat',
].join('\n');

describe('biaozhu aggregate', () => {
  it('writes task,label,confidence with a header, quoting ids that need it', async () => {
    const s = sandbox({ 'labels.csv': labels });
    expect(await aggregateCommand.run(['--input', 'labels.csv', '--method', 'mv', '--seed', '1'], s.io)).toBe(0);
    const lines = s.out().trim().split('\n');
    expect(lines[0]).toBe('task,label,confidence');
    expect(lines.slice(1, 4)).toEqual(['t1,cat,0.666667', 't2,dog,0.666667', 't3,cat,0.666667']);
    expect(lines[4]).toMatch(/^"t,4",(cat|dog),0\.5$/);
  });

  it('lets Dawid-Skene trust the consistent workers and writes to --out', async () => {
    const s = sandbox({ 'labels.csv': labels });
    expect(await aggregateCommand.run(['--input', 'labels.csv', '--method', 'ds', '--out', 'answers.csv'], s.io)).toBe(0);
    const text = readFileSync(join(s.dir, 'answers.csv'), 'utf8');
    expect(text).toMatch(/^"t,4",dog,/m);
    expect(s.out()).toBe('');
  });

  it('anchors on gold, names unknown gold tasks, and auto reports its choice', async () => {
    const s = sandbox({ 'labels.csv': labels, 'gold.csv': 'task,true_label\nt1,cat\nt2,dog\nt9,cat\n' });
    expect(await aggregateCommand.run(['--input', 'labels.csv', '--gold', 'gold.csv', '--method', 'ds'], s.io)).toBe(0);
    expect(s.err()).toMatch(/1 gold tasks have no labels and are ignored: t9/);
    expect(s.err()).toMatch(/ds: .*held-out gold right: anchored \d+, plain \d+ of 2/);
    const auto = sandbox({ 'labels.csv': labels, 'gold.csv': 'task,true_label\nt1,cat\nt2,dog\nt3,cat\n' });
    expect(await aggregateCommand.run(['--input', 'labels.csv', '--gold', 'gold.csv', '--method', 'auto'], auto.io)).toBe(0);
    expect(auto.err()).toMatch(/auto: chose (mv|wawa|ds|onecoin|glad|mace)/);
    expect(auto.out().split('\n')[0]).toBe('task,label,confidence');
  });

  it('explains usage mistakes', async () => {
    const s = sandbox({ 'labels.csv': labels });
    await expect(aggregateCommand.run(['--input', 'labels.csv', '--method', 'auto'], s.io)).rejects.toThrow(/needs --gold/);
    await expect(aggregateCommand.run(['--method', 'ds'], s.io)).rejects.toThrow(UsageError);
    await expect(aggregateCommand.run(['--input', 'x', '--method', 'best'], s.io)).rejects.toThrow(/unknown --method best/);
    await expect(aggregateCommand.run(['--input', 'x', '--bogus'], s.io)).rejects.toThrow(UsageError);
  });

  it('names the line of a bad row or header and the missing file', async () => {
    const s = sandbox({
      'empty-label.csv': 'worker,task,label\na,t1,cat\nb,t1,\n',
      'no-label-column.csv': 'worker,task,answer\na,t1,cat\n',
      'short.csv': 'task,label,worker\nt1,cat\nt2,dog,b\n',
    });
    expect(await aggregateCommand.run(['--input', 'empty-label.csv'], s.io)).toBe(1);
    expect(s.err()).toMatch(/empty-label\.csv line 3: empty label/);
    expect(await aggregateCommand.run(['--input', 'no-label-column.csv'], s.io)).toBe(1);
    expect(s.err()).toMatch(/line 1: header "worker,task,answer" lacks column label/);
    expect(await aggregateCommand.run(['--input', 'short.csv'], s.io)).toBe(1);
    expect(s.err()).toMatch(/short\.csv line 2: missing worker column/);
    expect(await aggregateCommand.run(['--input', 'missing.csv'], s.io)).toBe(1);
    expect(s.err()).toMatch(/ENOENT.*missing\.csv/);
    const ok = sandbox({ 'labels.csv': labels });
    expect(await aggregateCommand.run(['--input', 'labels.csv', '--out', 'no/such/dir/out.csv'], ok.io)).toBe(1);
    expect(ok.err()).toMatch(/ENOENT.*out\.csv/);
  });
});
