/**
 * The pairs of rectangles (one from each list) whose bounds overlap or touch, found through a uniform grid instead of
 * comparing every pair: matching the regions of an answer against its prediction's is otherwise quadratic, which with
 * 1,000 boxes cost seconds per submit. Pairs come out ordered by `a` index, then `b` index, the order a double loop
 * would give, so callers that break ties by order get the same answer as the brute-force loop. Pure.
 */
export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A rectangle spanning more cells than this is compared with every rectangle of the other list instead of gridded. */
const MAX_CELLS_PER_RECT = 64;

export function overlapCandidates(a: readonly Bounds[], b: readonly Bounds[]): [number, number][] {
  if (a.length === 0 || b.length === 0) return [];
  const cell = cellSize(b);
  const grid = new Map<number, number[]>();
  const unGridded: number[] = [];
  b.forEach((r, j) => {
    const cells = cellsOf(r, cell);
    if (cells === null) unGridded.push(j);
    else for (const key of cells) push(grid, key, j);
  });
  const out: [number, number][] = [];
  // seenBy[j] === i + 1 once b[j] was looked at for a[i]: a rectangle in several cells is tested once.
  const seenBy = new Int32Array(b.length);
  a.forEach((r, i) => {
    const hits: number[] = [];
    const look = (j: number) => {
      if (seenBy[j] === i + 1) return;
      seenBy[j] = i + 1;
      if (overlaps(r, b[j]!)) hits.push(j);
    };
    const cells = cellsOf(r, cell);
    if (cells === null) for (let j = 0; j < b.length; j++) look(j);
    else {
      for (const j of unGridded) look(j);
      for (const key of cells) for (const j of grid.get(key) ?? []) look(j);
    }
    hits.sort((x, y) => x - y);
    for (const j of hits) out.push([i, j]);
  });
  return out;
}

const overlaps = (p: Bounds, q: Bounds) => p.x0 <= q.x1 && q.x0 <= p.x1 && p.y0 <= q.y1 && q.y0 <= p.y1;

/** About the mean size of the rectangles, so a typical one covers a few cells; never zero. */
function cellSize(rects: readonly Bounds[]): number {
  let sum = 0;
  for (const r of rects) sum += Math.max(r.x1 - r.x0, r.y1 - r.y0);
  const mean = sum / rects.length;
  return Number.isFinite(mean) && mean > 0 ? mean : 1;
}

/** Grid columns and rows stay below this, so a cell's number is column * GRID_SPAN + row. */
const GRID_SPAN = 1 << 20;

/** The grid cells a rectangle covers, or null when it covers too many (or its bounds are not finite numbers). */
function cellsOf(r: Bounds, cell: number): number[] | null {
  const [cx0, cy0, cx1, cy1] = [Math.floor(r.x0 / cell), Math.floor(r.y0 / cell), Math.floor(r.x1 / cell), Math.floor(r.y1 / cell)];
  if (![cx0, cy0, cx1, cy1].every((c) => Number.isFinite(c) && Math.abs(c) < GRID_SPAN / 2)) return null;
  if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS_PER_RECT) return null;
  const keys: number[] = [];
  for (let x = cx0; x <= cx1; x++) for (let y = cy0; y <= cy1; y++) keys.push(x * GRID_SPAN + y);
  return keys;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
