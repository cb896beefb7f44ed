import type { ImageCategory } from './image-targets.js';
import { bounds, pxText, type ImageRegion, type ImageSize, type Point } from './image-regions.js';

/**
 * The Pascal VOC annotation files of an export, one per image (`Annotations/<image stem>.xml`): `filename`, `size`
 * (width, height, depth 3) and one `object` per box or polygon with `name`, `pose` Unspecified, `truncated` 0,
 * `difficult` 0 and `bndbox` (`xmin ymin xmax ymax`, pixels from the top-left corner, 2 decimals). A rotated box's `bndbox` is its axis-aligned
 * bounds, and it also gets `robndbox` (`cx cy w h angle`, angle in radians clockwise, as roLabelImg writes it); a
 * polygon's `bndbox` is its bounds, with `polygon` listing its points as `x1 y1 x2 y2 ...` elements. Keypoints have
 * no VOC form and are left out.
 */
export class VocAnnotations {
  /** Per category, the constant start of its `object` element (the name escaped once, not once per region). */
  private readonly objectHeads: string[];

  constructor(categories: readonly ImageCategory[]) {
    this.objectHeads = categories.map(
      (c) => `\t<object>\n\t\t<name>${escapeXml(c.name)}</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n\t\t<difficult>0</difficult>\n`,
    );
  }

  /** The XML file of one image. */
  xml(fileName: string, size: ImageSize, regions: readonly ImageRegion[]): string {
    let objects = '';
    for (const r of regions) {
      if (r.kind === 'keypoint') continue;
      const points = r.kind === 'box' ? r.corners : r.points;
      let extra = '';
      if (r.kind === 'box' && r.rotation % 360 !== 0) {
        const [cx, cy] = centre(r.corners);
        extra = `\t\t<robndbox>\n\t\t\t<cx>${pxText(cx)}</cx>\n\t\t\t<cy>${pxText(cy)}</cy>\n\t\t\t<w>${pxText(r.width)}</w>\n\t\t\t<h>${pxText(r.height)}</h>\n\t\t\t<angle>${Math.round(((r.rotation * Math.PI) / 180) * 1e6) / 1e6}</angle>\n\t\t</robndbox>\n`;
      }
      if (r.kind === 'polygon') {
        extra = `\t\t<polygon>\n${r.points.map(([x, y], i) => `\t\t\t<x${i + 1}>${pxText(x)}</x${i + 1}>\n\t\t\t<y${i + 1}>${pxText(y)}</y${i + 1}>\n`).join('')}\t\t</polygon>\n`;
      }
      objects += (this.objectHeads[r.category] ?? '') + bndbox(points) + extra + `\t</object>\n`;
    }
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<annotation>\n\t<folder>JPEGImages</folder>\n\t<filename>${escapeXml(fileName)}</filename>\n` +
      `\t<source>\n\t\t<database>Biaozhu</database>\n\t</source>\n` +
      `\t<size>\n\t\t<width>${size.width}</width>\n\t\t<height>${size.height}</height>\n\t\t<depth>3</depth>\n\t</size>\n\t<segmented>0</segmented>\n` +
      objects +
      `</annotation>\n`
    );
  }
}

function bndbox(points: readonly Point[]): string {
  const [xmin, ymin, xmax, ymax] = bounds(points);
  return `\t\t<bndbox>\n\t\t\t<xmin>${pxText(xmin)}</xmin>\n\t\t\t<ymin>${pxText(ymin)}</ymin>\n\t\t\t<xmax>${pxText(xmax)}</xmax>\n\t\t\t<ymax>${pxText(ymax)}</ymax>\n\t\t</bndbox>\n`;
}

function centre(corners: readonly Point[]): Point {
  const [a, , c] = corners;
  return [(a![0] + c![0]) / 2, (a![1] + c![1]) / 2];
}

/** Printable ASCII other than `&`, `<`, `>`: nothing to escape (the usual file name). */
const PLAIN_XML_TEXT = /^[\x20-\x25\x27-\x3b\x3d\x3f-\x7e]*$/;

/** Text for an XML element: `&`, `<`, `>` escaped and characters XML 1.0 cannot hold dropped. */
export function escapeXml(text: string): string {
  if (PLAIN_XML_TEXT.test(text)) return text;
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
