import { Circle, Line, Rect } from 'react-konva';
import { rectangleKind } from '../../../controls/rectangles/edit.js';
import { polygonKind } from '../../../controls/polygons/edit.js';
import { keypointKind } from '../../../controls/keypoints/edit.js';
import { shapeAttrs, DEFAULT_COLOR } from './region-shapes.js';
import type { Size } from './viewport.js';

const look = { stroke: DEFAULT_COLOR, strokeWidth: 2, strokeScaleEnabled: false, dash: [6, 4], fill: 'rgba(244, 138, 66, 0.15)', listening: false, perfectDrawEnabled: false };

/** A region drawn while no label was armed, dashed until a label key makes it (Esc drops it). */
export function PendingRegion({ value, image, minRadius }: { value: Readonly<Record<string, unknown>>; image: Size; minRadius: number }) {
  const shape = polygonKind.shapeOf(value) ?? rectangleKind.shapeOf(value) ?? keypointKind.shapeOf(value);
  if (!shape) return null;
  const attrs = shapeAttrs(shape, image, minRadius);
  switch (shape.kind) {
    case 'rectangle':
      return <Rect {...look} {...attrs} />;
    case 'polygon':
      return <Line {...look} {...attrs} closed />;
    case 'point':
      return <Circle {...look} {...attrs} />;
  }
}
