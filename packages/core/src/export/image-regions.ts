/** A point in pixels of the original image, origin at the top-left corner, y down. */
export type Point = readonly [x: number, y: number];

/**
 * One labelled region of an image answer, in pixels of the original image, for the image formats (COCO, YOLO, VOC).
 * `category` is the index of its label among the export's categories (image-targets.ts).
 */
export type ImageRegion =
  | {
      kind: 'box';
      category: number;
      /** The rectangle's top-left corner before rotation, its width and height, and its clockwise rotation in degrees about that corner. */
      x: number;
      y: number;
      width: number;
      height: number;
      rotation: number;
      /** The four corners after rotation, clockwise from the top-left one. */
      corners: Point[];
    }
  | { kind: 'polygon'; category: number; points: Point[] }
  | { kind: 'keypoint'; category: number; point: Point };

/** The size of the original image in pixels; 0 when no region said it. */
export interface ImageSize {
  width: number;
  height: number;
}

/** Label Studio's region result types (with and without labels) and the value key that carries their labels. */
const REGION_TYPES: Record<string, { kind: ImageRegion['kind']; labelsKey: string }> = {
  rectanglelabels: { kind: 'box', labelsKey: 'rectanglelabels' },
  rectangle: { kind: 'box', labelsKey: 'rectanglelabels' },
  polygonlabels: { kind: 'polygon', labelsKey: 'polygonlabels' },
  polygon: { kind: 'polygon', labelsKey: 'polygonlabels' },
  keypointlabels: { kind: 'keypoint', labelsKey: 'keypointlabels' },
  keypoint: { kind: 'keypoint', labelsKey: 'keypointlabels' },
};

/**
 * The regions that the result items of an answer draw on one image object, converted from Label Studio's percent
 * coordinates to pixels with the `original_width`/`original_height` each item carries, with the image's size (the
 * first item that states it). A region with several labels gives one region per label (each a category of its own);
 * items of other objects or controls, labels outside `categories` and items without a usable geometry or size are
 * left out (the result was validated when submitted; these are imported answers the config no longer describes).
 */
export function imageRegions(
  result: readonly unknown[],
  target: { object: string; controls: ReadonlySet<string> },
  categories: ReadonlyMap<string, number>,
): { size: ImageSize; regions: ImageRegion[] } {
  const size: ImageSize = { width: 0, height: 0 };
  const regions: ImageRegion[] = [];
  for (const raw of result) {
    const item = raw as { from_name?: unknown; to_name?: unknown; type?: unknown; value?: unknown; original_width?: unknown; original_height?: unknown };
    if (typeof item !== 'object' || item === null || item.to_name !== target.object || !target.controls.has(String(item.from_name))) continue;
    const spec = REGION_TYPES[String(item.type)];
    const w = positive(item.original_width);
    const h = positive(item.original_height);
    if (spec === undefined || w === undefined || h === undefined || typeof item.value !== 'object' || item.value === null) continue;
    if (size.width === 0) {
      size.width = w;
      size.height = h;
    }
    const value = item.value as Record<string, unknown>;
    const labels = Array.isArray(value[spec.labelsKey]) ? (value[spec.labelsKey] as unknown[]) : [];
    for (const label of labels) {
      const category = categories.get(String(label));
      if (category === undefined) continue;
      const region = regionOf(spec.kind, value, category, w, h);
      if (region !== null) regions.push(region);
    }
  }
  return { size, regions };
}

function regionOf(kind: ImageRegion['kind'], value: Record<string, unknown>, category: number, w: number, h: number): ImageRegion | null {
  switch (kind) {
    case 'box': {
      const x = finite(value.x);
      const y = finite(value.y);
      const width = finite(value.width);
      const height = finite(value.height);
      if (x === undefined || y === undefined || width === undefined || height === undefined) return null;
      const rotation = finite(value.rotation) ?? 0;
      const box = { x: (x / 100) * w, y: (y / 100) * h, width: (width / 100) * w, height: (height / 100) * h };
      // Field by field: a spread followed by more properties is slow on Node 20's V8 (several per image).
      return { kind, category, x: box.x, y: box.y, width: box.width, height: box.height, rotation, corners: rotatedCorners(box, rotation) };
    }
    case 'polygon': {
      if (!Array.isArray(value.points)) return null;
      const points: Point[] = [];
      for (const p of value.points as unknown[]) {
        const px = Array.isArray(p) ? finite(p[0]) : undefined;
        const py = Array.isArray(p) ? finite(p[1]) : undefined;
        if (px === undefined || py === undefined) return null;
        points.push([(px / 100) * w, (py / 100) * h]);
      }
      return points.length >= 3 ? { kind, category, points } : null;
    }
    case 'keypoint': {
      const x = finite(value.x);
      const y = finite(value.y);
      return x === undefined || y === undefined ? null : { kind, category, point: [(x / 100) * w, (y / 100) * h] };
    }
  }
}

/**
 * The corners of a rectangle rotated clockwise (y down) by `rotation` degrees about its top-left corner, as Label
 * Studio rotates rectangles: top-left, top-right, bottom-right, bottom-left.
 */
export function rotatedCorners(box: { x: number; y: number; width: number; height: number }, rotation: number): Point[] {
  const a = (rotation * Math.PI) / 180;
  const cos = rotation === 0 ? 1 : Math.cos(a);
  const sin = rotation === 0 ? 0 : Math.sin(a);
  const { x, y, width: bw, height: bh } = box;
  return [
    [x, y],
    [x + bw * cos, y + bw * sin],
    [x + bw * cos - bh * sin, y + bw * sin + bh * cos],
    [x - bh * sin, y + bh * cos],
  ];
}

/** The axis-aligned bounds of points: `[xmin, ymin, xmax, ymax]`. */
export function bounds(points: readonly Point[]): [number, number, number, number] {
  let xmin = Infinity;
  let ymin = Infinity;
  let xmax = -Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const x = points[i]![0];
    const y = points[i]![1];
    if (x < xmin) xmin = x;
    if (y < ymin) ymin = y;
    if (x > xmax) xmax = x;
    if (y > ymax) ymax = y;
  }
  return [xmin, ymin, xmax, ymax];
}

/** The area of a simple polygon (shoelace formula). */
export function polygonArea(points: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [x1, y1] = points[i]!;
    const [x2, y2] = points[(i + 1) % points.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

/** A coordinate as written in a file: at most 2 decimals, no `-0`. */
export function px(n: number): number {
  const r = Math.round(n * 100) / 100;
  return r === 0 ? 0 : r;
}

/**
 * `String(px(n))`, from the integer of hundredths: an export of 50,000 images writes millions of coordinates, and
 * printing two integers is several times cheaper than printing the shortest form of a double. Below 1e9 pixels the
 * two agree (a double is far finer there than a hundredth); anything else takes the general path.
 */
export function pxText(n: number): string {
  const hundredths = Math.round(n * 100);
  if (!(hundredths < 1e11 && hundredths > -1e11)) return String(px(n));
  if (hundredths === 0) return '0';
  const size = hundredths < 0 ? -hundredths : hundredths;
  const whole = Math.floor(size / 100);
  const fraction = size - whole * 100;
  const text = fraction === 0 ? String(whole) : fraction % 10 === 0 ? `${whole}.${fraction / 10}` : `${whole}.${fraction < 10 ? '0' : ''}${fraction}`;
  return hundredths < 0 ? '-' + text : text;
}

function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function positive(v: unknown): number | undefined {
  const n = finite(v);
  return n !== undefined && n > 0 ? n : undefined;
}
