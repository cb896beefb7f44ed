/**
 * Zoom and pan of the image stage, free of Konva: the stage shows image pixel `p` at screen pixel `p * scale + (x, y)`.
 * The canvas applies a viewport to its Konva stage imperatively, so zooming never re-renders React.
 */
export interface Viewport {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/** How far in and out a worker may zoom, as multiples of the scale that fits the image. */
export const ZOOM_OUT_LIMIT = 0.25;
export const ZOOM_IN_LIMIT = 40;
/** One wheel notch or one +/- press. */
export const ZOOM_STEP = 1.2;

/** The viewport that shows the whole image centred in the view, never enlarged past 1:1 beyond the view's size. */
export function fitViewport(view: Size, image: Size): Viewport {
  if (image.width <= 0 || image.height <= 0 || view.width <= 0 || view.height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(view.width / image.width, view.height / image.height);
  return { scale, x: (view.width - image.width * scale) / 2, y: (view.height - image.height * scale) / 2 };
}

/**
 * The viewport zoomed by `factor` about a screen point (the cursor, or the view's centre for keys): the image pixel
 * under it stays under it. The scale stays within the limits around the fitting scale `fit`.
 */
export function zoomAt(viewport: Viewport, at: Point, factor: number, fit: number): Viewport {
  const scale = Math.min(fit * ZOOM_IN_LIMIT, Math.max(fit * ZOOM_OUT_LIMIT, viewport.scale * factor));
  const imageX = (at.x - viewport.x) / viewport.scale;
  const imageY = (at.y - viewport.y) / viewport.scale;
  return { scale, x: at.x - imageX * scale, y: at.y - imageY * scale };
}

/** The viewport moved by a screen distance. */
export function panBy(viewport: Viewport, dx: number, dy: number): Viewport {
  return { ...viewport, x: viewport.x + dx, y: viewport.y + dy };
}

/** The image pixel under a screen point. */
export function toImage(viewport: Viewport, at: Point): Point {
  return { x: (at.x - viewport.x) / viewport.scale, y: (at.y - viewport.y) / viewport.scale };
}
