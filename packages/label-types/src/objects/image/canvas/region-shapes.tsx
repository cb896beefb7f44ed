import Konva from 'konva';
import { memo } from 'react';
import { Circle, Line, Rect } from 'react-konva';
import type { RegionShape, SpanMark } from '../../../region-state.js';
import { pointToPixels, pointsToPixels, rectToPixels } from './geometry.js';
import { captionConfig, RegionCaption } from './region-caption.js';
import type { Size } from './viewport.js';

/**
 * How one region is drawn on the canvas, in image pixels. Shapes skip Konva's perfect drawing and stroke shadows and
 * keep their outline in screen pixels; each one re-renders only when its own mark changes, so an edit to one region of
 * 1,000 touches one Konva node.
 */

export const DEFAULT_COLOR = '#f48a42';

const rgbaCache = new Map<string, string>();

/** A CSS colour at an opacity (any colour Konva understands: names, hex, rgb(), hsl()). */
export function withAlpha(color: string, alpha: number): string {
  const key = `${color}|${alpha}`;
  let out = rgbaCache.get(key);
  if (out === undefined) {
    const c = Konva.Util.colorToRGBA(color) ?? { r: 244, g: 138, b: 66, a: 1 };
    out = `rgba(${c.r}, ${c.g}, ${c.b}, ${c.a * alpha})`;
    rgbaCache.set(key, out);
  }
  return out;
}

/** The Konva attributes that draw a region's geometry (a box, the flat points of a polygon, a point's centre and radius). */
export function shapeAttrs(shape: RegionShape, image: Size, minRadius: number) {
  switch (shape.kind) {
    case 'rectangle':
      return rectToPixels(shape, image);
    case 'polygon':
      return { points: pointsToPixels(shape.points, image) };
    case 'point': {
      const at = pointToPixels(shape, image);
      return { x: at.x, y: at.y, radius: Math.max((shape.width / 100) * image.width, minRadius) };
    }
  }
}

/** The look shared by every region: colour, fill, outline width (screen pixels), opacity. */
export function lookAttrs(mark: SpanMark, emphasis: boolean) {
  const color = mark.color ?? DEFAULT_COLOR;
  const style = mark.style ?? {};
  const point = mark.shape?.kind === 'point';
  return {
    stroke: color,
    strokeWidth: (style.strokeWidth ?? 1) + (emphasis ? 1.5 : 0),
    fill: withAlpha(color, point ? 1 : Math.min(1, (style.fillOpacity ?? 0.2) + (emphasis ? 0.1 : 0))),
    opacity: style.opacity ?? 0.6,
    strokeScaleEnabled: false,
    perfectDrawEnabled: false,
    shadowForStrokeEnabled: false,
  };
}

interface Props {
  mark: SpanMark;
  image: Size;
  /** The smallest radius of a point, in image pixels (a few screen pixels at the fitting scale). */
  minRadius: number;
  /** The caption's text size in image pixels (region-caption.tsx), or null when captions are off. */
  captionSize: number | null;
}

function sameShape(a: RegionShape | undefined, b: RegionShape | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'polygon' && b.kind === 'polygon') return a.points === b.points;
  if (a.kind === 'rectangle' && b.kind === 'rectangle') return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height && a.rotation === b.rotation;
  if (a.kind === 'point' && b.kind === 'point') return a.x === b.x && a.y === b.y && a.width === b.width;
  return false;
}

/** Whether two marks draw the same (the workspace makes new mark objects on every render; their content decides). */
export function sameMark(a: SpanMark, b: SpanMark): boolean {
  return (
    a.id === b.id &&
    a.color === b.color &&
    a.caption === b.caption &&
    a.locked === b.locked &&
    a.linking === b.linking &&
    a.style?.strokeWidth === b.style?.strokeWidth &&
    a.style?.fillOpacity === b.style?.fillOpacity &&
    a.style?.opacity === b.style?.opacity &&
    sameShape(a.shape, b.shape)
  );
}

/** What a region on the static layer draws: its shape's kind and every Konva attribute, or null without a shape. */
export function staticRegionAttrs(mark: SpanMark, image: Size, minRadius: number) {
  const shape = mark.shape;
  if (!shape) return null;
  const visible = !mark.selected && mark.hidden !== true;
  const common = { ...lookAttrs(mark, mark.linking === true), visible, listening: visible && mark.locked !== true, regionId: mark.id };
  switch (shape.kind) {
    case 'rectangle':
      return { kind: shape.kind, attrs: { ...common, ...rectToPixels(shape, image) } };
    case 'polygon':
      return { kind: shape.kind, attrs: { ...common, points: pointsToPixels(shape.points, image), closed: true } };
    case 'point':
      return { kind: shape.kind, attrs: { ...common, ...shapeAttrs(shape, image, minRadius) } };
  }
}

/**
 * A region on the static layer, not draggable (a press on it selects it, and the canvas then drags its selected copy
 * on the top layer). A selected or hidden region is not drawn here. Locked regions do not listen, so presses pass
 * through them.
 */
export const StaticRegion = memo(
  function StaticRegion({ mark, image, minRadius, captionSize }: Props) {
    const region = staticRegionAttrs(mark, image, minRadius);
    if (!region) return null;
    const caption = captionSize === null ? null : captionConfig(mark, image, captionSize, minRadius, region.attrs);
    // Always a fragment of the same shape, so turning captions on or off keeps the region's Konva node.
    return (
      <>
        {region.kind === 'rectangle' ? <Rect {...region.attrs} /> : region.kind === 'polygon' ? <Line {...region.attrs} /> : <Circle {...region.attrs} />}
        {caption && <RegionCaption config={caption} />}
      </>
    );
  },
  (a, b) =>
    a.image === b.image &&
    a.minRadius === b.minRadius &&
    a.captionSize === b.captionSize &&
    a.mark.selected === b.mark.selected &&
    a.mark.hidden === b.mark.hidden &&
    sameMark(a.mark, b.mark),
);
