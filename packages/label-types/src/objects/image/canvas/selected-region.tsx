import type Konva from 'konva';
import { useEffect, useRef, type RefObject } from 'react';
import { Circle, Group, Line, Rect, Transformer } from 'react-konva';
import type { SpanMark } from '../../../region-state.js';
import { insideImage, pointFromPixels, polygonFromPixels, rectFromPixels, rectToPixels } from './geometry.js';
import { lookAttrs, shapeAttrs } from './region-shapes.js';
import type { Size } from './viewport.js';

/**
 * The selected region, on the top layer with the Transformer (only it: every other region stays on the static layer,
 * which is not redrawn while this one is dragged or resized). A box moves, resizes and (when its control allows it)
 * rotates; a polygon moves and its vertices drag; a point moves. Each gesture ends in one `onReshape` (one undo step),
 * pushed back inside the image; a box larger than the image is refused and snaps back.
 */

/** The size of a vertex handle, in screen pixels; the canvas keeps handles at this size while zooming (name `vertex`). */
export const HANDLE_RADIUS = 5;

interface Props {
  mark: SpanMark;
  image: Size;
  minRadius: number;
  /** The stage's scale now (handles are drawn at a constant screen size). */
  scale: number;
  onReshape: (id: string, value: Readonly<Record<string, unknown>>) => void;
  /** Set by the canvas when a press on a static region selected it: the drag goes on with this copy. */
  pendingDrag: RefObject<string | null>;
  /** Whether the primary button is still down (a drag to take over). */
  buttonDown: RefObject<boolean>;
}

export function SelectedRegion({ mark, image, minRadius, scale, onReshape, pendingDrag, buttonDown }: Props) {
  const node = useRef<Konva.Shape | Konva.Group>(null);
  const line = useRef<Konva.Line>(null);
  const transformer = useRef<Konva.Transformer>(null);
  const shape = mark.shape;
  const locked = mark.locked === true;
  const id = mark.id;

  useEffect(() => {
    const tr = transformer.current;
    if (!tr || !node.current) return;
    tr.nodes([node.current]);
    tr.getLayer()?.batchDraw();
  }, [id, locked, shape?.kind]);

  useEffect(() => {
    if (pendingDrag.current !== id) return;
    pendingDrag.current = null;
    if (buttonDown.current && !locked) node.current?.startDrag();
  }, [id, locked, pendingDrag, buttonDown]);

  if (!shape) return null;
  const look = { ...lookAttrs(mark, true), selectedRegion: id };

  if (shape.kind === 'rectangle') {
    const box = rectToPixels(shape, image);
    const commit = (n: Konva.Node) => {
      const value = rectFromPixels({ x: n.x(), y: n.y(), width: n.width() * n.scaleX(), height: n.height() * n.scaleY(), rotation: n.rotation() }, image);
      n.scale({ x: 1, y: 1 });
      if (!value) {
        n.setAttrs(box);
        n.getLayer()?.batchDraw();
        return;
      }
      n.setAttrs({ x: (value.x / 100) * image.width, y: (value.y / 100) * image.height, width: (value.width / 100) * image.width, height: (value.height / 100) * image.height });
      onReshape(id, value);
    };
    return (
      <>
        <Rect ref={node as RefObject<Konva.Rect>} {...look} {...box} draggable={!locked} onDragEnd={(e) => commit(e.target)} onTransformEnd={(e) => commit(e.target)} />
        {!locked && (
          <Transformer
            ref={transformer}
            rotateEnabled={mark.rotatable === true}
            flipEnabled={false}
            keepRatio={false}
            ignoreStroke
            anchorSize={9}
            borderStroke={mark.color}
            anchorStroke={mark.color}
            boundBoxFunc={(old, next) => (Math.abs(next.width) < 3 || Math.abs(next.height) < 3 ? old : next)}
          />
        )}
      </>
    );
  }

  if (shape.kind === 'point') {
    const attrs = shapeAttrs(shape, image, minRadius) as { x: number; y: number; radius: number };
    return (
      <Circle
        ref={node as RefObject<Konva.Circle>}
        {...look}
        {...attrs}
        draggable={!locked}
        onDragEnd={(e) => onReshape(id, pointFromPixels({ x: e.target.x(), y: e.target.y() }, image))}
      />
    );
  }

  const flat = shapeAttrs(shape, image, minRadius) as { points: number[] };
  const commitPolygon = (points: readonly number[]) => {
    const value = polygonFromPixels(points, image);
    if (!value) {
      line.current?.points(flat.points);
      node.current?.position({ x: 0, y: 0 });
      node.current?.getLayer()?.batchDraw();
      return;
    }
    onReshape(id, { points: value });
  };
  const vertices = flat.points.length / 2;
  return (
    <Group
      ref={node as RefObject<Konva.Group>}
      draggable={!locked}
      onDragEnd={(e) => {
        if (e.target !== node.current) return;
        const g = e.target;
        const moved = (line.current?.points() ?? flat.points).map((v, i) => v + (i % 2 === 0 ? g.x() : g.y()));
        g.position({ x: 0, y: 0 });
        commitPolygon(moved);
      }}
    >
      <Line ref={line} {...look} points={flat.points} closed />
      {!locked &&
        Array.from({ length: vertices }, (_, i) => (
          <Circle
            key={i}
            name="vertex"
            vertex={i}
            x={flat.points[2 * i]}
            y={flat.points[2 * i + 1]}
            radius={HANDLE_RADIUS}
            scaleX={1 / scale}
            scaleY={1 / scale}
            fill="#ffffff"
            stroke={mark.color}
            strokeWidth={1.5}
            strokeScaleEnabled={false}
            perfectDrawEnabled={false}
            draggable
            onDragMove={(e) => {
              const l = line.current;
              if (!l) return;
              const at = insideImage({ x: e.target.x(), y: e.target.y() }, image);
              e.target.position(at);
              const points = l.points().slice();
              points[2 * i] = at.x;
              points[2 * i + 1] = at.y;
              l.points(points);
            }}
            onDragEnd={(e) => {
              e.cancelBubble = true;
              commitPolygon(line.current?.points() ?? flat.points);
            }}
          />
        ))}
    </Group>
  );
}
