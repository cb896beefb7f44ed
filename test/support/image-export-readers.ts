import { XMLParser } from 'fast-xml-parser';
import yauzl from 'yauzl';
import { expect } from 'vitest';

/** Readers of the image export formats by their own rules, for tests (docs/export-formats.md). */

/** Every entry of a zip, by name (read with yauzl, which checks the central directory and each entry's CRC). */
export async function readZip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))),
  );
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, stream) => {
        if (e) return reject(e);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          expect(entries.has(entry.fileName), `zip entry ${entry.fileName} twice`).toBe(false);
          entries.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return entries;
}

export interface CocoFile {
  categories: { id: number; name: string; keypoints?: string[] }[];
  images: { id: number; file_name: string; width: number; height: number }[];
  annotations: { id: number; image_id: number; category_id: number; bbox: number[]; area: number; segmentation: number[][]; iscrowd: number; keypoints?: number[]; attributes?: { rotation: number } }[];
  export_summary: Record<string, number>;
}

/**
 * COCO by its schema: `images`, `annotations`, `categories` arrays; unique ids; every annotation's image and
 * category exist; bbox `[x, y, w, h]` non-negative w/h; segmentation polygons of an even number (>= 6) of numbers;
 * area a number; iscrowd 0 or 1; keypoints triples.
 */
export function readCoco(text: string): CocoFile {
  const coco = JSON.parse(text) as CocoFile;
  for (const key of ['images', 'annotations', 'categories'] as const) expect(Array.isArray(coco[key]), `${key} is an array`).toBe(true);
  const unique = (ids: number[], what: string) => expect(new Set(ids).size, `${what} ids are unique`).toBe(ids.length);
  unique(coco.images.map((i) => i.id), 'image');
  unique(coco.annotations.map((a) => a.id), 'annotation');
  unique(coco.categories.map((c) => c.id), 'category');
  const images = new Set(coco.images.map((i) => i.id));
  const categories = new Set(coco.categories.map((c) => c.id));
  for (const i of coco.images) {
    expect(typeof i.file_name).toBe('string');
    expect(Number.isInteger(i.width) && Number.isInteger(i.height), `image ${i.id} size`).toBe(true);
  }
  for (const a of coco.annotations) {
    expect(images.has(a.image_id), `annotation ${a.id}: image ${a.image_id}`).toBe(true);
    expect(categories.has(a.category_id), `annotation ${a.id}: category ${a.category_id}`).toBe(true);
    expect(a.bbox).toHaveLength(4);
    expect(a.bbox[2]! >= 0 && a.bbox[3]! >= 0, `annotation ${a.id}: bbox size`).toBe(true);
    expect(typeof a.area).toBe('number');
    expect([0, 1]).toContain(a.iscrowd);
    for (const polygon of a.segmentation) expect(polygon.length >= 6 && polygon.length % 2 === 0, `annotation ${a.id}: polygon`).toBe(true);
    if (a.keypoints !== undefined) expect(a.keypoints.length % 3).toBe(0);
  }
  return coco;
}

export interface YoloLine {
  cls: number;
  coords: number[];
}

/**
 * A YOLO data set: `classes.txt` (line n = class n), `data.yaml` (nc and names agreeing with it, train/val paths),
 * `labels/<stem>.txt` lines of a class index below nc and coordinates in 0..1: 4 (`cx cy w h`) or an even number >= 6
 * (a segmentation polygon), never both kinds in one file.
 */
export function readYolo(entries: Map<string, Buffer>): { classes: string[]; yaml: Record<string, unknown>; labels: Map<string, YoloLine[]> } {
  const classesText = entries.get('classes.txt')?.toString('utf8');
  expect(classesText, 'classes.txt').toBeDefined();
  const classes = classesText!.split('\n').slice(0, -1);
  const yaml = readSimpleYaml(entries.get('data.yaml')!.toString('utf8'));
  expect(yaml.nc).toBe(classes.length);
  expect(yaml.names).toEqual(Object.fromEntries(classes.map((c, i) => [String(i), c])));
  expect(typeof yaml.train).toBe('string');
  expect(typeof yaml.val).toBe('string');
  const labels = new Map<string, YoloLine[]>();
  for (const [name, bytes] of entries) {
    const m = /^labels\/(.+)\.txt$/.exec(name);
    if (!m) continue;
    const lines = bytes
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l, i) => {
        const [cls, ...coords] = l.split(' ').map(Number);
        expect(Number.isInteger(cls) && cls! >= 0 && cls! < classes.length, `${name}:${i + 1} class`).toBe(true);
        expect(coords.length === 4 || (coords.length >= 6 && coords.length % 2 === 0), `${name}:${i + 1} columns`).toBe(true);
        for (const c of coords) expect(c >= 0 && c <= 1, `${name}:${i + 1} normalised`).toBe(true);
        return { cls: cls!, coords };
      });
    expect(new Set(lines.map((l) => l.coords.length === 4)).size <= 1, `${name}: boxes and polygons are not mixed`).toBe(true);
    labels.set(m[1]!, lines);
  }
  return { classes, yaml, labels };
}

/** The YAML of data.yaml: `key: value` lines and one nested map (`names:` with `  i: "name"` lines). */
function readSimpleYaml(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let nested: Record<string, unknown> | null = null;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const m = /^(\s*)([^:]+):\s*(.*)$/.exec(line);
    expect(m, `data.yaml line "${line}"`).not.toBeNull();
    const [, indent, key, raw] = m!;
    const value = raw === '' ? null : raw!.startsWith('"') ? (JSON.parse(raw!) as string) : /^\d+$/.test(raw!) ? Number(raw) : raw;
    if (indent !== '' && nested !== null) nested[key!.trim()] = value;
    else if (value === null) out[key!] = nested = {};
    else {
      out[key!] = value;
      nested = null;
    }
  }
  return out;
}

export interface VocObject {
  name: string;
  bndbox: { xmin: number; ymin: number; xmax: number; ymax: number };
  robndbox?: { cx: number; cy: number; w: number; h: number; angle: number };
  polygon?: Record<string, number>;
}

/** A Pascal VOC annotation: `annotation` with filename, size (width, height, depth), objects with name and bndbox (xmin <= xmax, ymin <= ymax, inside the size). */
export function readVoc(xml: string): { filename: string; size: { width: number; height: number; depth: number }; objects: VocObject[] } {
  const doc = new XMLParser({ isArray: (name) => name === 'object', parseTagValue: true }).parse(xml) as {
    annotation: { filename: unknown; size: { width: number; height: number; depth: number }; object?: VocObject[] };
  };
  const a = doc.annotation;
  expect(a, 'root element annotation').toBeDefined();
  const objects = a.object ?? [];
  for (const o of objects) {
    const b = o.bndbox;
    expect(b.xmin <= b.xmax && b.ymin <= b.ymax, `${o.name}: bndbox order`).toBe(true);
    expect(b.xmin >= 0 && b.ymin >= 0, `${o.name}: bndbox inside`).toBe(true);
  }
  return { filename: String(a.filename), size: a.size, objects: objects.map((o) => ({ ...o, name: String(o.name) })) };
}
