import Konva from 'konva';
import type { SpanMark } from '../../../region-state.js';
import { captionConfig, captionNode } from './region-caption.js';
import { sameMark, staticRegionAttrs } from './region-shapes.js';
import type { Size } from './viewport.js';

/**
 * The next image's regions painted into one bitmap ahead of time, so that showing the next task costs one drawImage
 * instead of 1,000 shapes drawn, hit-tested and committed by React in the frame the worker waits for.
 *
 * The canvas paints it while the worker is still on the current task (from the regions the workspace announced for
 * the task in hand, upcoming-regions.ts), with the same Konva shapes and attributes as the static layer
 * (staticRegionAttrs) at the scale the next image will open with. After the submit the picture and this bitmap are
 * shown at once; the real shapes take over a frame later (image-stage.tsx), when they also start to listen.
 */
export interface RegionPreview {
  /** The image the regions are on, and the regions as announced (the stage checks they are what it shows). */
  src: string;
  marks: readonly SpanMark[];
  /** The view and image size it was painted for: the bitmap is only right at that fitted scale. */
  view: Size;
  /** Whether it shows the regions' captions (region-caption.tsx). */
  captions: boolean;
  image: Size;
  canvas: HTMLCanvasElement;
  /** Where the bitmap sits, in image pixels (it reaches past the image by a margin, for outlines on its edge). */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Screen pixels painted past the image's edge: outlines and points of regions on the border. */
const MARGIN = 12;

/**
 * Paints `marks` as the static layer draws them at `scale` (screen pixels per image pixel), with their captions at
 * `captionSize` (image pixels) unless it is null.
 */
export function paintRegionPreview(
  src: string,
  marks: readonly SpanMark[],
  image: Size,
  view: Size,
  scale: number,
  minRadius: number,
  captionSize: number | null,
  pixelRatio: number,
): RegionPreview {
  const group = new Konva.Group({ scaleX: scale, scaleY: scale, listening: false });
  for (const mark of marks) {
    const region = staticRegionAttrs(mark, image, minRadius);
    if (!region || !region.attrs.visible) continue;
    if (region.kind === 'rectangle') group.add(new Konva.Rect(region.attrs));
    else if (region.kind === 'polygon') group.add(new Konva.Line(region.attrs));
    else group.add(new Konva.Circle(region.attrs));
    const caption = captionSize === null ? null : captionConfig(mark, image, captionSize, minRadius, region.attrs);
    if (caption) group.add(captionNode(caption));
  }
  const width = image.width * scale + 2 * MARGIN;
  const height = image.height * scale + 2 * MARGIN;
  const canvas = group.toCanvas({ x: -MARGIN, y: -MARGIN, width, height, pixelRatio });
  group.destroy();
  return { src, marks, view, captions: captionSize !== null, image, canvas, x: -MARGIN / scale, y: -MARGIN / scale, width: width / scale, height: height / scale };
}

/** Whether the preview shows exactly these regions, on this view and image size, with captions or without as asked. */
export function previewShows(preview: RegionPreview, marks: readonly SpanMark[], view: Size, image: Size, captions: boolean): boolean {
  if (preview.captions !== captions) return false;
  if (preview.view.width !== view.width || preview.view.height !== view.height || preview.image.width !== image.width || preview.image.height !== image.height) return false;
  if (preview.marks.length !== marks.length) return false;
  return preview.marks.every((m, i) => {
    const n = marks[i]!;
    return m === n || (m.selected === n.selected && m.hidden === n.hidden && sameMark(m, n));
  });
}
