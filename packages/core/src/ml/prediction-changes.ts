import { overlapCandidates, type Bounds } from './overlap-candidates.js';

/**
 * How much an answer changed the prediction it started from, item by item in Label Studio's result shape. Regions:
 * spans (`labels`, `hypertextlabels`) match by from_name, offsets and labels (kept, else one removed and one added);
 * boxes and polygons (`rectanglelabels`, `polygonlabels`, and their unlabelled forms) match one-to-one by from_name,
 * labels and IoU >= 0.5, greedily by best IoU: kept when the coordinates are the same, moved when they changed;
 * keypoints match by labels within 5 percent of the image, kept or moved likewise. Unmatched predicted regions are
 * removed, unmatched answered ones added. Choices items (per control, per region for per-region ones) are kept when
 * the answer chose the same set, else changed. `unchanged` is true when the answer is the prediction as it was (every
 * item equal apart from ids). Pure.
 */
export interface PredictionChanges {
  kept: number;
  moved: number;
  added: number;
  removed: number;
  choicesKept: number;
  choicesChanged: number;
  unchanged: boolean;
}

type Item = { id?: string; from_name?: string; to_name?: string; type?: string; value?: Record<string, unknown>; from_id?: string; to_id?: string; labels?: unknown };

const SPAN_TYPES = new Set(['labels', 'hypertextlabels']);
const SHAPE_TYPES = new Set(['rectanglelabels', 'rectangle', 'polygonlabels', 'polygon']);
const POINT_TYPES = new Set(['keypointlabels', 'keypoint']);
const IOU_MATCH = 0.5;
const POINT_MATCH = 5;
const EPS = 1e-6;

export function predictionChanges(predicted: readonly unknown[], answered: readonly unknown[]): PredictionChanges {
  const p = predicted as Item[];
  const a = answered as Item[];
  const out: PredictionChanges = { kept: 0, moved: 0, added: 0, removed: 0, choicesKept: 0, choicesChanged: 0, unchanged: false };
  // Region ids of the prediction mapped to their counterpart in the answer, for per-region choices.
  const counterpart = new Map<string, string>();

  const spans = (items: Item[]) => items.filter((i) => SPAN_TYPES.has(i.type ?? ''));
  const answeredSpans = new Map<string, Item[]>();
  for (const s of spans(a)) push(answeredSpans, spanKey(s), s);
  for (const s of spans(p)) {
    const match = answeredSpans.get(spanKey(s))?.shift();
    if (match) {
      out.kept++;
      if (s.id && match.id) counterpart.set(s.id, match.id);
    } else out.removed++;
  }
  for (const rest of answeredSpans.values()) out.added += rest.length;

  for (const types of [SHAPE_TYPES, POINT_TYPES]) {
    const ps = p.filter((i) => types.has(i.type ?? ''));
    const as = a.filter((i) => types.has(i.type ?? ''));
    const pairs: { i: number; j: number; score: number }[] = [];
    for (const [i, j] of matchCandidates(ps, as, types === POINT_TYPES)) {
      const score = types === POINT_TYPES ? pointCloseness(ps[i]!, as[j]!) : iou(ps[i]!, as[j]!);
      if (score !== null) pairs.push({ i, j, score });
    }
    // Best score first; equal scores in (i, j) order, as the loop over every pair gave them.
    pairs.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
    const usedP = new Set<number>();
    const usedA = new Set<number>();
    for (const { i, j } of pairs) {
      if (usedP.has(i) || usedA.has(j)) continue;
      usedP.add(i);
      usedA.add(j);
      if (sameGeometry(ps[i]!, as[j]!)) out.kept++;
      else out.moved++;
      if (ps[i]!.id && as[j]!.id) counterpart.set(ps[i]!.id, as[j]!.id);
    }
    out.removed += ps.length - usedP.size;
    out.added += as.length - usedA.size;
  }

  const regionIds = new Set(p.filter((i) => isRegion(i)).map((i) => i.id));
  const answeredRegionIds = new Set(a.filter((i) => isRegion(i)).map((i) => i.id));
  const answeredChoices = new Map(a.filter((i) => i.type === 'choices').map((i) => [`${i.from_name}\u0000${i.id && answeredRegionIds.has(i.id) ? i.id : ''}`, i]));
  for (const c of p.filter((i) => i.type === 'choices')) {
    const region = c.id && regionIds.has(c.id) ? (counterpart.get(c.id) ?? '\u0001gone') : '';
    const match = answeredChoices.get(`${c.from_name}\u0000${region}`);
    if (match && choicesKey(match) === choicesKey(c)) out.choicesKept++;
    else out.choicesChanged++;
  }

  // One canonical line per item: lists of different lengths cannot be equal, and need not be written out.
  // Nor can lists whose values' numbers differ; only lists that pass both checks are written out and compared whole.
  out.unchanged = p.length === a.length && !numbersDiffer(p, a) && canonical(p).join('\n') === canonical(a).join('\n');
  return out;
}

/**
 * The (predicted, answered) index pairs that can match: same from_name and labels, and bounds that overlap (a box or
 * polygon needs a shared point for IoU >= 0.5; keypoints 5 percent apart have bounds of half that size touching).
 * Shapes of zero area are also paired with each other, since iou() rates two such shapes 1 wherever they lie.
 * Found by a grid per from_name and labels (overlap-candidates.ts), in the order of a loop over every pair.
 */
function matchCandidates(ps: Item[], as: Item[], points: boolean): [number, number][] {
  const groups = new Map<string, { p: number[]; a: number[] }>();
  const group = (i: Item) => {
    const key = JSON.stringify([i.from_name, labelsKey(i)]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { p: [], a: [] }));
    return g;
  };
  ps.forEach((i, k) => group(i).p.push(k));
  as.forEach((i, k) => group(i).a.push(k));
  // Each region's outline is worked out once: its bounds and whether it is flat both come from it.
  const placed = (items: Item[], at: number[]) =>
    at.flatMap((k) => {
      const item = items[k]!;
      if (points) {
        const b = pointBounds(item);
        return b ? [{ k, b, flat: false }] : [];
      }
      const o = outline(item);
      return o ? [{ k, b: boundsOf(o), flat: area(o) === 0 }] : [];
    });
  const out: [number, number][] = [];
  for (const g of groups.values()) {
    const pb = placed(ps, g.p);
    const ab = placed(as, g.a);
    for (const [x, y] of overlapCandidates(pb.map((e) => e.b), ab.map((e) => e.b))) out.push([pb[x]!.k, ab[y]!.k]);
    const flatA = ab.filter((e) => e.flat).map((e) => e.k);
    for (const e of pb) if (e.flat) for (const j of flatA) out.push([e.k, j]);
  }
  // Duplicates (flat shapes whose bounds also overlap) would only repeat a pair the greedy pass skips anyway.
  return out;
}

const PAD = 1e-6;

function boundsOf(o: Point[]): Bounds {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of o) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x0: x0 - PAD, y0: y0 - PAD, x1: x1 + PAD, y1: y1 + PAD };
}

function pointBounds(i: Item): Bounds | null {
  const [x, y] = [i.value?.x, i.value?.y];
  if (typeof x !== 'number' || typeof y !== 'number') return null;
  const r = POINT_MATCH / 2 + PAD;
  return { x0: x - r, y0: y - r, x1: x + r, y1: y + r };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const isRegion = (i: Item) => SPAN_TYPES.has(i.type ?? '') || SHAPE_TYPES.has(i.type ?? '') || POINT_TYPES.has(i.type ?? '');

function labelsKey(i: Item): string {
  const v = i.value ?? {};
  const labels = (['labels', 'rectanglelabels', 'polygonlabels', 'keypointlabels', 'hypertextlabels'] as const).map((k) => v[k]).find(Array.isArray) as unknown[] | undefined;
  return JSON.stringify([...(labels ?? [])].map(String).sort());
}

function spanKey(i: Item): string {
  const v = i.value ?? {};
  return JSON.stringify([i.from_name, i.to_name, v.start, v.end, v.startOffset, v.endOffset, labelsKey(i)]);
}

const choicesKey = (i: Item) => JSON.stringify([...((i.value?.choices as unknown[] | undefined) ?? [])].map(String).sort());

type Point = [number, number];

/** The outline of a box (rotated about its top-left corner, as Label Studio rotates) or a polygon, in percent. */
function outline(i: Item): Point[] | null {
  const v = i.value ?? {};
  if (Array.isArray(v.points)) {
    const pts = (v.points as unknown[]).filter((q): q is [number, number] => Array.isArray(q) && typeof q[0] === 'number' && typeof q[1] === 'number');
    return pts.length >= 3 ? pts.map(([x, y]) => [x, y]) : null;
  }
  const { x, y, width, height } = v;
  if (typeof x !== 'number' || typeof y !== 'number' || typeof width !== 'number' || typeof height !== 'number') return null;
  const r = (((v.rotation as number | undefined) ?? 0) * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  return ([[0, 0], [width, 0], [width, height], [0, height]] as Point[]).map(([dx, dy]) => [x + dx * cos - dy * sin, y + dx * sin + dy * cos]);
}

function area(poly: Point[]): number {
  let s = 0;
  for (let k = 0; k < poly.length; k++) {
    const [x1, y1] = poly[k]!;
    const [x2, y2] = poly[(k + 1) % poly.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return Math.abs(s) / 2;
}

function inside([px, py]: Point, poly: Point[]): boolean {
  let hit = false;
  for (let k = 0, l = poly.length - 1; k < poly.length; l = k++) {
    const [xk, yk] = poly[k]!;
    const [xl, yl] = poly[l]!;
    if (yk > py !== yl > py && px < ((xl - xk) * (py - yk)) / (yl - yk) + xk) hit = !hit;
  }
  return hit;
}

/**
 * IoU of two regions, or null below the match threshold. Unrotated boxes exactly; rotated boxes and polygons by
 * sampling a 128 x 128 grid over their joint bounds (within about 1 percent, enough to decide a 0.5 threshold).
 */
export function iou(a: Item, b: Item): number | null {
  const pa = outline(a);
  const pb = outline(b);
  if (!pa || !pb) return null;
  let value: number;
  const va = a.value ?? {};
  const vb = b.value ?? {};
  if (!Array.isArray(va.points) && !Array.isArray(vb.points) && !va.rotation && !vb.rotation) {
    const [ax, ay, aw, ah] = [va.x, va.y, va.width, va.height] as number[];
    const [bx, by, bw, bh] = [vb.x, vb.y, vb.width, vb.height] as number[];
    const w = Math.max(0, Math.min(ax! + aw!, bx! + bw!) - Math.max(ax!, bx!));
    const h = Math.max(0, Math.min(ay! + ah!, by! + bh!) - Math.max(ay!, by!));
    const inter = w * h;
    const union = aw! * ah! + bw! * bh! - inter;
    value = union <= 0 ? 0 : inter / union;
  } else {
    const all = [...pa, ...pb];
    const [x0, x1] = [Math.min(...all.map((q) => q[0])), Math.max(...all.map((q) => q[0]))];
    const [y0, y1] = [Math.min(...all.map((q) => q[1])), Math.max(...all.map((q) => q[1]))];
    const n = 128;
    let inter = 0;
    let union = 0;
    for (let gx = 0; gx < n; gx++) {
      for (let gy = 0; gy < n; gy++) {
        const q: Point = [x0 + ((gx + 0.5) * (x1 - x0)) / n, y0 + ((gy + 0.5) * (y1 - y0)) / n];
        const inA = inside(q, pa);
        const inB = inside(q, pb);
        if (inA && inB) inter++;
        if (inA || inB) union++;
      }
    }
    value = union === 0 ? (area(pa) === 0 && area(pb) === 0 ? 1 : 0) : inter / union;
  }
  return value >= IOU_MATCH ? value : null;
}

/** Keypoints within POINT_MATCH percent match; the closer, the better. */
function pointCloseness(a: Item, b: Item): number | null {
  const [ax, ay, bx, by] = [a.value?.x, a.value?.y, b.value?.x, b.value?.y];
  if (typeof ax !== 'number' || typeof ay !== 'number' || typeof bx !== 'number' || typeof by !== 'number') return null;
  const d = Math.hypot(ax - bx, ay - by);
  return d <= POINT_MATCH ? POINT_MATCH - d : null;
}

function sameGeometry(a: Item, b: Item): boolean {
  const pa = outline(a) ?? (typeof a.value?.x === 'number' ? ([[a.value.x, a.value.y]] as Point[]) : []);
  const pb = outline(b) ?? (typeof b.value?.x === 'number' ? ([[b.value.x, b.value.y]] as Point[]) : []);
  return pa.length === pb.length && pa.every((q, k) => Math.abs(q[0] - pb[k]![0]) < EPS && Math.abs(q[1] - pb[k]![1]) < EPS);
}

const NUMBER_FIELDS = ['x', 'y', 'width', 'height', 'start', 'end'] as const;

/**
 * Whether the two lists' values hold different numbers in some field (as multisets, the order of the items not
 * counting). Equal lists (canonical() alike) always hold the same numbers, so a difference here settles that an answer
 * changed without writing 1,000 items out as JSON. Numbers that JSON writes as null (NaN, Infinity) count as one.
 */
function numbersDiffer(p: Item[], a: Item[]): boolean {
  const sorted = (items: Item[], field: (typeof NUMBER_FIELDS)[number]) => {
    const out: number[] = [];
    for (const i of items) {
      const v = i.value?.[field];
      if (typeof v === 'number') out.push(Number.isFinite(v) ? v : Infinity);
    }
    return out.sort((m, n) => m - n);
  };
  return NUMBER_FIELDS.some((field) => {
    const [x, y] = [sorted(p, field), sorted(a, field)];
    return x.length !== y.length || x.some((v, k) => v !== y[k]);
  });
}

/** Every item without its id (relations by the items they join), sorted: equal lists mean an unchanged answer. */
function canonical(items: Item[]): string[] {
  const byId = new Map(items.filter((i) => i.id !== undefined && i.type !== 'relation').map((i) => [i.id!, i]));
  const bare = (i: Item | undefined) => (i ? JSON.stringify([i.from_name, i.to_name, i.type, sortKeys(i.value)]) : '?');
  // The first region of each id, as a search from the start of the list would find it.
  const regionById = new Map<string, Item>();
  for (const r of items) if (isRegion(r) && r.id !== undefined && !regionById.has(r.id)) regionById.set(r.id, r);
  return items
    .map((i) => {
      // Lines joined, not nested in JSON again (escaping 1,000 items' JSON cost more than writing it); r/i keep a
      // relation's line apart from an item's.
      if (i.type === 'relation') return `r${bare(byId.get(i.from_id ?? ''))}\u0000${bare(byId.get(i.to_id ?? ''))}\u0000${JSON.stringify(i.labels ?? [])}`;
      const region = i.id !== undefined && !isRegion(i) ? regionById.get(i.id) : undefined;
      return `i${bare(i)}\u0000${region ? bare(region) : ''}`;
    })
    .sort();
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}
