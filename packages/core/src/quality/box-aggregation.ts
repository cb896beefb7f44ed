import { boxIou, matchByIou, type Box } from './iou-matching.js';

/**
 * Boxes of several annotators on one image combined into one box per object, and their agreement. Pure.
 *
 * Matching is greedy by IoU (matchByIou, as PASCAL VOC matches detections), one-to-one between an annotator's boxes
 * and the objects found so far. Rotated boxes are compared by their axis-aligned bounds (the caller passes those in
 * `bounds`), which over-counts the overlap of two boxes rotated the same way less than it under-counts nothing: a
 * cheap and documented approximation; the consensus box keeps the median rotation of its members.
 */

/** One box as drawn: position and size in percent, rotation in degrees, its label, and its axis-aligned bounds. */
export interface DrawnBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  label: string;
  /** The box's axis-aligned bounds, for IoU (the box itself when it is not rotated). */
  bounds: Box;
}

export interface BoxAnswer {
  worker: string;
  boxes: readonly DrawnBox[];
}

export interface ConsensusBox {
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  /** The label most of its members carry (ties: the first in `labelOrder`, then alphabetically). */
  label: string;
  /** The annotators who drew it. */
  support: string[];
  /** support / annotators. */
  share: number;
  /** Mean IoU of its members with the consensus box's bounds. */
  meanIou: number;
}

export interface BoxConsensusOptions {
  /** Minimum IoU for two boxes to be the same object (default 0.5). */
  threshold?: number;
  /** Labels in config order, to break ties between labels. */
  labelOrder?: readonly string[];
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const boundsOfMedian = (members: readonly DrawnBox[]): Box => ({
  x: median(members.map((m) => m.bounds.x)),
  y: median(members.map((m) => m.bounds.y)),
  width: median(members.map((m) => m.bounds.width)),
  height: median(members.map((m) => m.bounds.height)),
});

function majorityLabel(members: readonly DrawnBox[], order: readonly string[]): string {
  const votes = new Map<string, number>();
  for (const m of members) votes.set(m.label, (votes.get(m.label) ?? 0) + 1);
  const rank = (l: string) => (order.includes(l) ? order.indexOf(l) : order.length);
  return [...votes.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))[0]![0];
}

/**
 * One box per object drawn by at least half of the annotators: each annotator's boxes in turn are matched to the
 * objects found so far (compared with the median bounds of their members, regardless of label); unmatched boxes start
 * new objects. An annotator's box joins an object at most once. The consensus box is the median of its members'
 * coordinates with their majority label. Objects come out in the order they were first drawn.
 */
export function boxConsensus(answers: readonly BoxAnswer[], options: BoxConsensusOptions = {}): ConsensusBox[] {
  const threshold = options.threshold ?? 0.5;
  const objects: { members: DrawnBox[]; workers: string[] }[] = [];
  for (const answer of answers) {
    const centres = objects.map((o) => ({ ...boundsOfMedian(o.members) }));
    const match = matchByIou(centres, [...answer.boxes.map((b) => b.bounds)], boxIou, { threshold, sameLabel: false });
    const matched = new Set<number>();
    for (const pair of match.pairs) {
      objects[pair.a]!.members.push(answer.boxes[pair.b]!);
      objects[pair.a]!.workers.push(answer.worker);
      matched.add(pair.b);
    }
    answer.boxes.forEach((box, i) => {
      if (!matched.has(i)) objects.push({ members: [box], workers: [answer.worker] });
    });
  }
  const n = answers.length;
  return objects
    .filter((o) => n > 0 && o.workers.length * 2 >= n)
    .map((o) => {
      const bounds = boundsOfMedian(o.members);
      return {
        x: median(o.members.map((m) => m.x)),
        y: median(o.members.map((m) => m.y)),
        width: median(o.members.map((m) => m.width)),
        height: median(o.members.map((m) => m.height)),
        rotation: median(o.members.map((m) => m.rotation)),
        label: majorityLabel(o.members, options.labelOrder ?? []),
        support: o.workers,
        share: o.workers.length / n,
        meanIou: o.members.reduce((s, m) => s + boxIou(m.bounds, bounds), 0) / o.members.length,
      };
    });
}

export interface BoxAgreement {
  /** Annotator pairs compared (over all images given). */
  pairs: number;
  /** 2 x matched / (boxes of both), pooled over the pairs, matching boxes of the same label at IoU >= threshold; null without pairs. */
  f1: number | null;
  /** Mean IoU of the matched boxes; null when no box matched. */
  meanIou: number | null;
  threshold: number;
}

/**
 * How well annotators agree on the boxes of the same images: every pair of annotators of an image is matched one to
 * one (same label, IoU >= threshold, default 0.5). F1 pools the matched boxes over all pairs (two annotators who both
 * drew nothing agree fully); the mean IoU is over all matched pairs of boxes.
 */
export function boxAgreement(images: readonly (readonly BoxAnswer[])[], threshold = 0.5): BoxAgreement {
  let pairs = 0;
  let matched = 0;
  let total = 0;
  let iouSum = 0;
  for (const answers of images) {
    for (let i = 0; i < answers.length; i++) {
      for (let j = i + 1; j < answers.length; j++) {
        const a = answers[i]!.boxes.map((b) => ({ ...b.bounds, label: b.label }));
        const b = answers[j]!.boxes.map((x) => ({ ...x.bounds, label: x.label }));
        const m = matchByIou(a, b, boxIou, { threshold, sameLabel: true });
        pairs++;
        matched += m.pairs.length;
        total += a.length + b.length;
        iouSum += m.pairs.reduce((s, p) => s + p.iou, 0);
      }
    }
  }
  return {
    pairs,
    f1: pairs === 0 ? null : total === 0 ? 1 : (2 * matched) / total,
    meanIou: matched === 0 ? null : iouSum / matched,
    threshold,
  };
}
