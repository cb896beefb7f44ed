/** A text span `[start, end)` in characters (Label Studio `value.start` / `value.end`), with an optional label. */
export interface Span {
  start: number;
  end: number;
  label?: string;
}

/** An axis-aligned box (Label Studio `x`, `y`, `width`, `height`, in percent), with an optional label. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  label?: string;
}

/** Intersection over union of two spans (0 when both are empty or they do not overlap). */
export function spanIou(a: Span, b: Span): number {
  const inter = Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
  const union = Math.max(0, a.end - a.start) + Math.max(0, b.end - b.start) - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over union of two boxes (0 when both have no area or they do not overlap). */
export function boxIou(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = Math.max(0, a.width) * Math.max(0, a.height) + Math.max(0, b.width) * Math.max(0, b.height) - inter;
  return union > 0 ? inter / union : 0;
}

export interface IouMatch {
  /** Matched pairs: index in `a`, index in `b`, their IoU. */
  pairs: Array<{ a: number; b: number; iou: number }>;
  /** Matched / |b| (b's items found by a), 1 when b is empty. */
  precision: number;
  /** Matched / |a|, 1 when a is empty. */
  recall: number;
  /** 2 x matched / (|a| + |b|): the F1-style agreement; 1 when both are empty. */
  f1: number;
  /** Mean IoU of matched pairs (0 when none). */
  meanIou: number;
}

export interface IouMatchOptions {
  /** Minimum IoU for a pair to match (default 0.5). */
  threshold?: number;
  /** Only pair items with the same label when both have one (default true). */
  sameLabel?: boolean;
}

/**
 * Pairs the items of two annotators one-to-one by IoU >= threshold, greedily from the highest IoU down (ties by
 * index), and scores the agreement as F1 = 2 x matched / (|a| + |b|). Greedy matching is what detection metrics
 * such as PASCAL VOC use; it equals the optimal matching whenever each item overlaps at most one candidate above
 * the threshold, which holds for thresholds > 0.5 on non-overlapping annotations.
 *
 * Reference: M. Everingham et al., "The PASCAL Visual Object Classes (VOC) Challenge", IJCV 88, 2010 (IoU >= 0.5
 * matching).
 */
export function matchByIou<T extends { label?: string }>(
  a: readonly T[],
  b: readonly T[],
  iou: (x: T, y: T) => number,
  options: IouMatchOptions = {},
): IouMatch {
  const threshold = options.threshold ?? 0.5;
  const sameLabel = options.sameLabel ?? true;
  const candidates: Array<{ a: number; b: number; iou: number }> = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const x = a[i]!;
      const y = b[j]!;
      if (sameLabel && x.label !== undefined && y.label !== undefined && x.label !== y.label) continue;
      const v = iou(x, y);
      if (v >= threshold && v > 0) candidates.push({ a: i, b: j, iou: v });
    }
  }
  candidates.sort((p, q) => q.iou - p.iou || p.a - q.a || p.b - q.b);
  const usedA = new Uint8Array(a.length);
  const usedB = new Uint8Array(b.length);
  const pairs: IouMatch['pairs'] = [];
  for (const c of candidates) {
    if (usedA[c.a] || usedB[c.b]) continue;
    usedA[c.a] = 1;
    usedB[c.b] = 1;
    pairs.push(c);
  }
  const m = pairs.length;
  const total = a.length + b.length;
  return {
    pairs,
    precision: b.length > 0 ? m / b.length : 1,
    recall: a.length > 0 ? m / a.length : 1,
    f1: total > 0 ? (2 * m) / total : 1,
    meanIou: m > 0 ? pairs.reduce((s, p) => s + p.iou, 0) / m : 0,
  };
}
