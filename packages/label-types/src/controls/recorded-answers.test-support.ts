/**
 * For the image region controls' tests: the answers Label Studio 1.4.0's own editor wrote (scripts/record-ls-results.mjs
 * saves them as controls/<type>/ls-1.4.0-result*.json), and the same answer built by our workspace's pure functions
 * (the region drawn on the canvas, then the per-region choices, textarea and number about it, as submitted).
 * Test-only; not exported from the package.
 */
import { readFileSync } from 'node:fs';
import type { DrawnRegion } from '../region-state.js';
import { isRelationItem, type ResultItem } from '../result-item.js';
import { choicesControlSchema } from './choices/schema.js';
import { pickChoice } from './choices/pick.js';
import { drawImageRegion, type ImageRegionControl, type RegionKind } from './image-region-edit.js';
import { withNumber } from './number/entry.js';
import { numberControlSchema } from './number/schema.js';
import { withRegionGeometry } from './region-items.js';
import { editText } from './textarea/edit.js';
import { textareaControlSchema } from './textarea/schema.js';

export interface RecordedAnswer {
  config: string;
  image: { width: number; height: number };
  /** The size the editor showed the image at, in screen pixels. */
  stage: { width: number; height: number };
  perRegionAnswered: string[];
  result: ResultItem[];
}

export function recordedAnswer(url: URL): RecordedAnswer {
  return JSON.parse(readFileSync(url, 'utf8')) as RecordedAnswer;
}

/** Each key of an item (nested into `value`) with the JSON type of its value: what two shapes share beyond figures. */
export function shapeOf(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(item)) {
    if (key === 'value' && typeof v === 'object' && v !== null) for (const [k, inner] of Object.entries(v)) out[`value.${k}`] = typeOf(inner);
    else out[key] = typeOf(v);
  }
  return out;
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return `array of ${[...new Set(v.map(typeOf))].join('|') || 'nothing'}`;
  return v === null ? 'null' : typeof v;
}

/** The per-region controls of every recorded config (`colour` choices, `note` textarea, `occluded` number). */
const colour = choicesControlSchema.parse({ type: 'choices', name: 'colour', toName: 'img', perRegion: true, choices: [{ value: 'red' }, { value: 'blue' }] });
const note = textareaControlSchema.parse({ type: 'textarea', name: 'note', toName: 'img', perRegion: true });
const occluded = numberControlSchema.parse({ type: 'number', name: 'occluded', toName: 'img', perRegion: true, min: 0, max: 100 });

/**
 * What our workspace submits for the recorded gestures: the region drawn with `geometry` (what the canvas hands over,
 * in percent) and labelled `label`, then red, "dented" and 40 about it, through buildResult's withRegionGeometry.
 */
export function ourAnswer<C extends ImageRegionControl>(kind: RegionKind<C>, control: C, recorded: RecordedAnswer, geometry: Record<string, unknown>, label: string): ResultItem[] {
  const id = recorded.result[0]?.id ?? 'r1';
  const drawn: DrawnRegion = { object: 'img', gesture: kind.gesture, value: geometry, itemFields: { original_width: recorded.image.width, original_height: recorded.image.height, image_rotation: 0 } };
  const { items } = drawImageRegion(kind, control, [], drawn, label, () => id);
  const about = () => id;
  const answer = withRegionGeometry([...items, ...pickChoice(colour, [], 'red', about), ...editText(note, [], 0, 'dented', about), ...withNumber(occluded, [], 40, about)]);
  return answer.filter((e): e is ResultItem => !isRelationItem(e));
}
