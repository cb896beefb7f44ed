import type { LabelData } from './label-data.js';

/** Labels encoded to integers together with the string ids each index stands for. */
export interface EncodedLabels {
  readonly data: LabelData;
  readonly taskIds: readonly string[];
  readonly workerIds: readonly string[];
  /** Class names in index order: numeric order when every class name is a number, otherwise code-point order. */
  readonly classIds: readonly string[];
}

class GrowableInt32 {
  private buf = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  toArray(): Int32Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Maps string ids of tasks, workers and labels to dense integer indices as rows arrive, so a large file can be
 * streamed into the typed arrays the algorithms need. Class indices are sorted at `build()` so that "lowest label"
 * tie-breaks mean the same as in crowd-kit (pandas sorts label columns).
 */
export class LabelEncoder {
  private readonly tasks = new Map<string, number>();
  private readonly workers = new Map<string, number>();
  private readonly classes = new Map<string, number>();
  private readonly task = new GrowableInt32();
  private readonly worker = new GrowableInt32();
  private readonly label = new GrowableInt32();

  /** Adds one label row. */
  add(workerId: string, taskId: string, labelId: string): void {
    this.task.push(intern(this.tasks, taskId));
    this.worker.push(intern(this.workers, workerId));
    this.label.push(intern(this.classes, labelId));
  }

  /** Registers a task id without a label (e.g. a gold task nobody labelled) and returns its index. */
  addTask(taskId: string): number {
    return intern(this.tasks, taskId);
  }

  /** Registers a class name that may not occur in the labels (e.g. only in gold) and returns its provisional index. */
  addClass(labelId: string): void {
    intern(this.classes, labelId);
  }

  get size(): number {
    return this.task.length;
  }

  /** Freezes the rows into typed arrays with sorted class indices. */
  build(): EncodedLabels {
    const rawClasses = [...this.classes.keys()];
    const classIds = sortClassIds(rawClasses);
    const remap = new Int32Array(rawClasses.length);
    const position = new Map(classIds.map((c, i) => [c, i]));
    rawClasses.forEach((c, i) => (remap[i] = position.get(c)!));
    const label = this.label.toArray();
    for (let i = 0; i < label.length; i++) label[i] = remap[label[i]!]!;
    return {
      data: {
        nTasks: this.tasks.size,
        nWorkers: this.workers.size,
        nClasses: classIds.length,
        task: this.task.toArray(),
        worker: this.worker.toArray(),
        label,
      },
      taskIds: [...this.tasks.keys()],
      workerIds: [...this.workers.keys()],
      classIds,
    };
  }
}

function intern(map: Map<string, number>, key: string): number {
  let id = map.get(key);
  if (id === undefined) {
    id = map.size;
    map.set(key, id);
  }
  return id;
}

/** Numeric order when every id parses as a finite number, else code-point order (what pandas does for each). */
export function sortClassIds(ids: readonly string[]): string[] {
  const numeric = ids.every((s) => s.trim() !== '' && Number.isFinite(Number(s)));
  const sorted = [...ids];
  if (numeric) sorted.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  else sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted;
}

/** Encodes an array of `{ worker, task, label }` rows in one call. */
export function encodeLabels(rows: Iterable<{ worker: string; task: string; label: string }>): EncodedLabels {
  const encoder = new LabelEncoder();
  for (const r of rows) encoder.add(r.worker, r.task, r.label);
  return encoder.build();
}
