import type Konva from 'konva';

/**
 * While the worker zooms or pans, the static regions are drawn from one bitmap instead of shape by shape.
 *
 * Konva redraws every shape of a layer when the stage's scale or position changes; with 1,000 regions that is tens
 * of milliseconds per wheel notch on a software-rendered canvas. Konva's own node cache (`Group.cache()`) draws the
 * group once into an offscreen canvas and then paints that canvas, transformed, on every frame: the standard Konva
 * answer to "many static shapes, moving view". The bitmap is made at the scale the gesture starts from (so the first
 * frames are sharp) and dropped a moment after the last notch or pan step, when the shapes are drawn crisply again
 * at the new scale. While cached, the group does not listen: nobody clicks a region in the middle of a wheel turn,
 * and Konva then never builds the cached hit canvas either.
 */
export class GestureBitmap {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private cached = false;

  constructor(
    private readonly group: () => Konva.Group | null,
    /** How long after the last gesture step the shapes come back (ms). */
    private readonly settleMs = 180,
    /** The bitmap's longer side at most (px): a 4x zoom on a large picture would otherwise ask for a huge canvas. */
    private readonly maxSide = 4096,
  ) {}

  /** One step of a zoom or pan: caches the group if it is not cached yet and (re)starts the settle timer. */
  step(): void {
    const g = this.group();
    // Hidden while the next image's painted preview stands in for it (image-stage.tsx): nothing to cache.
    if (!g || !g.visible()) return;
    if (!this.cached && g.hasChildren()) {
      const rect = g.getClientRect({ skipTransform: true, relativeTo: g.getParent() ?? undefined });
      const longer = Math.max(rect.width, rect.height, 1);
      const screen = g.getAbsoluteScale().x * (g.getLayer()?.getCanvas().getPixelRatio() ?? 1);
      g.listening(false);
      g.cache({ pixelRatio: Math.max(0.1, Math.min(screen, this.maxSide / longer)) });
      this.cached = true;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.settle(), this.settleMs);
  }

  /** Back to shapes (crisp, listening): after the gesture, or at once when the regions themselves change. */
  settle(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.cached) return;
    this.cached = false;
    const g = this.group();
    if (!g) return;
    g.clearCache();
    g.listening(true);
    g.getLayer()?.batchDraw();
  }

  get active(): boolean {
    return this.cached;
  }
}
