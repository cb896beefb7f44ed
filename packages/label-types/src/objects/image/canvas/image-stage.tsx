import Konva from 'konva';
import type { KonvaEventObject } from 'konva/lib/Node';
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type RefObject } from 'react';
import { Circle, Group, Image as KonvaImage, Layer, Line, Rect, Stage } from 'react-konva';
import type { DrawnRegion, RegionGesture, SpanMark } from '../../../region-state.js';
import type { ViewText } from '../../../view-kit.js';
import { GestureBitmap } from './gesture-bitmap.js';
import { insideImage, pointFromPixels, rectFromDrag } from './geometry.js';
import { loadImage, useLoadedImage } from './image-cache.js';
import { clickDraft, closeDraft } from './polygon-draft.js';
import { DEFAULT_COLOR, sameMark, StaticRegion } from './region-shapes.js';
import { HANDLE_RADIUS, SelectedRegion } from './selected-region.js';
import { PendingRegion } from './pending-region.js';
import { captionSizeAt, useCaptionsShown } from './region-caption.js';
import { paintRegionPreview, previewShows, type RegionPreview } from './region-preview.js';
import { onUpcoming, upcomingMarks } from './upcoming-regions.js';
import { fitViewport, panBy, toImage, zoomAt, ZOOM_STEP, type Point, type Size, type Viewport } from './viewport.js';

/**
 * The image workspace: the picture and its regions on a Konva stage, with zoom (wheel at the cursor, + / -, 0 to fit),
 * pan (Space or the middle button with a drag, the arrow keys while the image has the focus) and drawing (a drag for a
 * box, clicks for a polygon, a click for a point). Three layers: the image, the static regions, and the top layer
 * with the selected region, its Transformer and what is being drawn. Zoom, pan and drawing change the Konva nodes
 * directly and never re-render React; the regions re-render only when the answer changes, one memoised shape each.
 * During a zoom or pan the static regions are painted from one Konva cache bitmap (see GestureBitmap).
 * The stage is kept from one task to the next (the image view is keptAcrossTasks): the next task swaps the picture
 * and the regions into the same Konva stage, layers and shapes. When the workspace announced the next task's regions
 * (its task in hand), they were painted into one bitmap meanwhile (region-preview.ts): the next image then shows with
 * that bitmap in one cheap frame, and its shapes take over in the frame after (`data-regions-live` says when).
 */

export interface ImageStageProps {
  name: string;
  src: string;
  marks: readonly SpanMark[];
  drawn?: Readonly<Record<string, unknown>> | null | undefined;
  gesture?: RegionGesture | undefined;
  onDraw?: ((drawn: Omit<DrawnRegion, 'object'>) => void) | undefined;
  onReshape?: ((id: string, value: Readonly<Record<string, unknown>>) => void) | undefined;
  onMarkClick?: ((id: string) => void) | undefined;
  text: ViewText;
}

// A destroyed canvas is not shrunk to zero first (Konva's default, for Safari's canvas memory limit): the stage is
// kept across tasks, and what is still destroyed (a selected region's copy, the Transformer) is small.
Konva.releaseCanvasOnDestroy = false;

/** The smallest box a drag makes, in screen pixels (a shorter drag is a click). */
const MIN_DRAG = 4;
/** How far an arrow key pans, in screen pixels (with Shift, four times that). */
const PAN_STEP = 60;
const MIN_HEIGHT = 320;
/** How far apart (screen pixels) the two presses of a double click may land. */
const DOUBLE_CLICK_SLOP = 6;
/** How many painted previews are kept (the task in hand, and one skipped back to). */
const KEEP_PREVIEWS = 2;

/** The stage's height for a view width and an image: the image's shape, within a floor and most of the window. */
function stageHeight(width: number, image: Size): number {
  return image.width > 0 ? Math.round(Math.max(MIN_HEIGHT, Math.min(width * (image.height / image.width), window.innerHeight * 0.72))) : MIN_HEIGHT;
}

/**
 * The height the stage keeps when the next image wants one within a tenth of it: resizing a Konva stage reallocates
 * every layer's canvases (tens of milliseconds), and the fitted image is centred in either height anyway.
 */
function keptHeight(current: number, wanted: number): number {
  return current > 0 && Math.abs(wanted - current) <= current * 0.1 ? current : wanted;
}

/** The smallest radius of a point, in image pixels: a few screen pixels at the scale that fits the image. */
const minRadiusAt = (scale: number) => (scale > 0 ? 4 / scale : 4);

/**
 * What the static layer draws: the regions, the image size they are placed on, the points' smallest radius and the
 * captions' text size (null: no captions).
 */
interface LayerInput {
  marks: readonly SpanMark[];
  image: Size;
  minRadius: number;
  captionSize: number | null;
}

interface StaticLayerProps {
  marks: readonly SpanMark[];
  image: Size;
  minRadius: number;
  captionSize: number | null;
  group: RefObject<Konva.Group | null>;
  bitmap: GestureBitmap;
}

/**
 * Every region's shape, keyed by its place in the list rather than its id: the next task's regions (new ids) take
 * over the Konva nodes of the last task's instead of 1,000 being destroyed and 1,000 made; the selected and hidden
 * ones stay in place, not drawn, so selecting one does not shift the rest.
 */
const StaticLayer = memo(function StaticLayer({ marks, image, minRadius, captionSize, group, bitmap }: StaticLayerProps) {
  // Regions that change during a zoom must not stay drawn from the bitmap made before the change.
  useLayoutEffect(() => bitmap.settle(), [bitmap, marks, image, minRadius, captionSize]);
  return (
    <Layer>
      <Group ref={group}>
        {marks.map((m, i) => (
          <StaticRegion key={i} mark={m} image={image} minRadius={minRadius} captionSize={captionSize} />
        ))}
      </Group>
    </Layer>
  );
}, (a, b) => a.image === b.image && a.minRadius === b.minRadius && a.captionSize === b.captionSize && a.bitmap === b.bitmap && a.marks.length === b.marks.length && a.marks.every((m, i) => m === b.marks[i]));

/** The marks as the static layer gets them: the same objects as last time where nothing changed, so its memo holds. */
function useStableMarks(marks: readonly SpanMark[], same: (a: SpanMark, b: SpanMark) => boolean): readonly SpanMark[] {
  const last = useRef(new Map<string, SpanMark>());
  return useMemo(() => {
    const next = new Map<string, SpanMark>();
    const out = marks.map((m) => {
      const before = last.current.get(m.id);
      const kept = before && same(before, m) ? before : m;
      next.set(m.id, kept);
      return kept;
    });
    last.current = next;
    return out;
  }, [marks, same]);
}

export function ImageStage({ name, src, marks, drawn, gesture, onDraw, onReshape, onMarkClick, text }: ImageStageProps) {
  const { state, element } = useLoadedImage(src);
  const box = useRef<HTMLDivElement>(null);
  const stage = useRef<Konva.Stage>(null);
  const top = useRef<Konva.Layer>(null);
  const staticGroup = useRef<Konva.Group>(null);
  const [bitmap] = useState(() => new GestureBitmap(() => staticGroup.current));
  const previews = useRef(new Map<string, RegionPreview>());
  const draftRect = useRef<Konva.Rect>(null);
  const draftLine = useRef<Konva.Line>(null);
  const draftStart = useRef<Konva.Circle>(null);
  const [width, setWidth] = useState(0);
  // By its size, not its element: the next task's picture of the same size keeps every shape's memo.
  const [naturalWidth, naturalHeight] = [element?.naturalWidth ?? 0, element?.naturalHeight ?? 0];
  const image = useMemo<Size>(() => ({ width: naturalWidth, height: naturalHeight }), [naturalWidth, naturalHeight]);
  const heightNow = useRef(0);
  const height = keptHeight(heightNow.current, stageHeight(width, image));
  heightNow.current = height;
  const view = useMemo<Size>(() => ({ width, height }), [width, height]);
  const fit = useMemo(() => fitViewport(view, image), [view, image]);
  const viewport = useRef<Viewport>(fit);
  const zoomed = useRef(false);
  const polygon = useRef<Point[]>([]);
  const spaceHeld = useRef(false);
  const buttonDown = useRef(false);
  const pendingDrag = useRef<string | null>(null);
  const lastPresses = useRef<[Point | undefined, Point | undefined]>([undefined, undefined]);
  const minRadius = minRadiusAt(fit.scale);
  const [captionsShown, setCaptionsShown] = useCaptionsShown();
  const captionsNow = useRef(captionsShown);
  captionsNow.current = captionsShown;
  const captionSize = captionsShown ? captionSizeAt(fit.scale) : null;
  const widthNow = useRef(width);
  widthNow.current = width;

  // The latest props, for handlers that keep their identity (the static layer's memo depends on it).
  const props = useRef({ gesture, onDraw, onReshape, onMarkClick, marks });
  props.current = { gesture, onDraw, onReshape, onMarkClick, marks };

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const apply = useCallback((next: Viewport) => {
    viewport.current = next;
    const s = stage.current;
    const el = box.current;
    if (el) {
      el.dataset.scale = String(next.scale);
      el.dataset.x = String(next.x);
      el.dataset.y = String(next.y);
    }
    if (!s) return;
    s.scale({ x: next.scale, y: next.scale });
    s.position({ x: next.x, y: next.y });
    for (const handle of s.find('.vertex')) handle.scale({ x: 1 / next.scale, y: 1 / next.scale });
    for (const tr of s.find('Transformer')) (tr as Konva.Transformer).forceUpdate();
    s.batchDraw();
  }, []);

  // A new image or a resized view fits the image again, unless the worker zoomed or panned this one. The stage is
  // kept from one task to the next (the image view is kept across tasks): the next task's image starts fitted, with
  // no polygon half drawn and no drag pending from the last one.
  const stageSrc = useRef(src);
  useLayoutEffect(() => {
    if (stageSrc.current !== src) {
      stageSrc.current = src;
      zoomed.current = false;
      polygon.current = [];
      pendingDrag.current = null;
      draftLine.current?.visible(false);
      draftStart.current?.visible(false);
    }
    if (!zoomed.current || image.width === 0) apply(fit);
  }, [fit, apply, image.width, src]);

  useEffect(() => () => bitmap.settle(), [bitmap]);

  // The next task's regions, announced by the workspace, are painted once its picture is decoded and the worker's
  // page is idle (the paint is tens of milliseconds with 1,000 regions; it must not land in a gesture's frame).
  useEffect(() => {
    let live = true;
    const idle = typeof requestIdleCallback === 'function' ? (f: () => void) => requestIdleCallback(f, { timeout: 1000 }) : (f: () => void) => setTimeout(f, 50);
    const paint = (next: string) => {
      const marks = upcomingMarks(next);
      if (!marks || stageSrc.current === next) return;
      const entry = loadImage(next);
      void entry.ready.then(() =>
        idle(() => {
          const size = { width: entry.element.naturalWidth, height: entry.element.naturalHeight };
          const viewWidth = widthNow.current;
          if (!live || upcomingMarks(next) !== marks || entry.state !== 'ready' || size.width === 0 || viewWidth === 0) return;
          const nextView = { width: viewWidth, height: keptHeight(heightNow.current, stageHeight(viewWidth, size)) };
          const scale = fitViewport(nextView, size).scale;
          const painted = paintRegionPreview(next, marks, size, nextView, scale, minRadiusAt(scale), captionsNow.current ? captionSizeAt(scale) : null, Konva.pixelRatio);
          previews.current.delete(next);
          previews.current.set(next, painted);
          while (previews.current.size > KEEP_PREVIEWS) previews.current.delete(previews.current.keys().next().value as string);
        }),
      );
    };
    return (() => {
      const off = onUpcoming(paint);
      return () => {
        live = false;
        off();
      };
    })();
  }, []);

  // Tells tests and the bench when the picture is on screen (after Konva drew it).
  useEffect(() => {
    const el = box.current;
    if (!el || !element) return;
    const frame = requestAnimationFrame(() => {
      el.dataset.imageReady = src;
    });
    return () => cancelAnimationFrame(frame);
  }, [element, src]);

  const zoomBy = useCallback(
    (factor: number, at?: Point) => {
      zoomed.current = true;
      bitmap.step();
      apply(zoomAt(viewport.current, at ?? { x: view.width / 2, y: view.height / 2 }, factor, fit.scale));
    },
    [apply, view, fit.scale, bitmap],
  );
  const fitAgain = useCallback(() => {
    zoomed.current = false;
    apply(fit);
  }, [apply, fit]);

  // The wheel zooms at the cursor; the listener is not passive, so the page does not scroll under it.
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const notches = Math.max(-3, Math.min(3, -e.deltaY / (e.deltaMode === 1 ? 3 : 100)));
      zoomBy(Math.pow(ZOOM_STEP, notches), { x: e.clientX - r.left, y: e.clientY - r.top });
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [zoomBy]);

  // Space held turns a drag into a pan; the workspace still sees the key.
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (e.key === ' ') spaceHeld.current = true;
    };
    const up = (e: KeyboardEvent) => {
      if (e.key === ' ') spaceHeld.current = false;
    };
    const blur = () => {
      spaceHeld.current = false;
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', blur);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', blur);
    };
  }, []);

  const pointer = (e: MouseEvent): Point => {
    const r = box.current?.getBoundingClientRect();
    return { x: e.clientX - (r?.left ?? 0), y: e.clientY - (r?.top ?? 0) };
  };

  /** Follows the mouse on the window until the button is released (drags may leave the canvas). */
  const follow = (move: (e: MouseEvent) => void, end: (e: MouseEvent) => void) => {
    const onMove = (e: MouseEvent) => move(e);
    const onUp = (e: MouseEvent) => {
      window.removeEventListener('mousemove', onMove);
      window.removeEventListener('mouseup', onUp);
      end(e);
    };
    window.addEventListener('mousemove', onMove);
    window.addEventListener('mouseup', onUp);
  };

  const selectedId = () => props.current.marks.find((m) => m.selected)?.id;
  const deselect = () => {
    const id = selectedId();
    if (id !== undefined) props.current.onMarkClick?.(id);
  };

  const showPolygonDraft = (cursor?: Point) => {
    const pts = polygon.current;
    const l = draftLine.current;
    const c = draftStart.current;
    if (!l || !c) return;
    const flat = pts.flatMap((p) => [p.x, p.y]);
    if (cursor && pts.length > 0) flat.push(cursor.x, cursor.y);
    l.points(flat);
    l.visible(pts.length > 0);
    const first = pts[0];
    c.visible(first !== undefined);
    if (first) c.setAttrs({ x: first.x, y: first.y, scaleX: 1 / viewport.current.scale, scaleY: 1 / viewport.current.scale });
    top.current?.batchDraw();
  };

  const finishPolygon = (points: Point[] | null) => {
    polygon.current = [];
    showPolygonDraft();
    if (!points) return;
    props.current.onDraw?.({ gesture: 'polygon', value: { points: points.map((p) => { const v = pointFromPixels(p, image); return [v.x, v.y]; }) }, itemFields: itemFields() });
  };

  const itemFields = () => ({ original_width: image.width, original_height: image.height, image_rotation: 0 });

  const startPan = (e: MouseEvent) => {
    const from = pointer(e);
    const start = viewport.current;
    zoomed.current = true;
    follow(
      (m) => {
        const at = pointer(m);
        bitmap.step();
        apply(panBy(start, at.x - from.x, at.y - from.y));
      },
      () => {},
    );
  };

  const startBox = (e: MouseEvent) => {
    const from = pointer(e);
    const origin = toImage(viewport.current, from);
    const r = draftRect.current;
    follow(
      (m) => {
        if (!r) return;
        const to = toImage(viewport.current, pointer(m));
        const a = insideImage(origin, image);
        const b = insideImage(to, image);
        r.setAttrs({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y), visible: true });
        top.current?.batchDraw();
      },
      (m) => {
        r?.visible(false);
        top.current?.batchDraw();
        const to = pointer(m);
        if (Math.abs(to.x - from.x) < MIN_DRAG || Math.abs(to.y - from.y) < MIN_DRAG) {
          deselect();
          return;
        }
        const value = rectFromDrag(origin, toImage(viewport.current, to), image);
        if (value.width <= 0 || value.height <= 0) return;
        props.current.onDraw?.({ gesture: 'rectangle', value, itemFields: itemFields() });
      },
    );
  };

  const onMouseDown = (e: KonvaEventObject<MouseEvent>) => {
    const evt = e.evt;
    lastPresses.current = [lastPresses.current[1], pointer(evt)];
    box.current?.focus({ preventScroll: true });
    if (evt.button === 1 || (evt.button === 0 && spaceHeld.current)) {
      evt.preventDefault();
      startPan(evt);
      return;
    }
    if (evt.button !== 0 || image.width === 0) return;
    if (previewing) {
      // The shapes are not on the stage yet (a frame after the image showed): take them over now; this press, which
      // hit no region, starts nothing.
      setLiveSrc(src);
      return;
    }
    buttonDown.current = true;
    const target = e.target as Konva.Node;
    const regionId: unknown = target.getAttr('regionId');
    if (typeof regionId === 'string' && polygon.current.length === 0) {
      // A press on a region selects it; its selected copy on the top layer takes the drag over (see SelectedRegion).
      pendingDrag.current = regionId;
      props.current.onMarkClick?.(regionId);
      return;
    }
    if (target.getAttr('selectedRegion') !== undefined || target.getAttr('vertex') !== undefined || target.getParent()?.getClassName() === 'Transformer') return;
    const tool = props.current.gesture;
    if (!tool || !props.current.onDraw) return;
    if (tool === 'rectangle') {
      startBox(evt);
      return;
    }
    if (polygon.current.length === 0 && selectedId() !== undefined) {
      deselect();
      return;
    }
    const at = insideImage(toImage(viewport.current, pointer(evt)), image);
    if (tool === 'point') {
      props.current.onDraw({ gesture: 'point', value: pointFromPixels(at, image), itemFields: itemFields() });
      return;
    }
    const step = clickDraft(polygon.current, at, (HANDLE_RADIUS * 2) / viewport.current.scale);
    if (step.kind === 'closed') finishPolygon(step.points);
    else {
      polygon.current = step.points;
      showPolygonDraft(at);
    }
  };

  useEffect(() => {
    const up = () => {
      buttonDown.current = false;
    };
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  const onMouseMove = (e: KonvaEventObject<MouseEvent>) => {
    if (polygon.current.length === 0) return;
    showPolygonDraft(toImage(viewport.current, pointer(e.evt)));
  };

  // Konva reports two clicks within its double-click window as a double click wherever they land, so quick clicks on
  // vertices would close the draft: only two clicks on the same spot are a double click here, and a draft short of a
  // polygon's vertices is never discarded by one.
  const onDoubleClick = () => {
    const [a, b] = lastPresses.current;
    if (!a || !b || Math.hypot(a.x - b.x, a.y - b.y) > DOUBLE_CLICK_SLOP) return;
    const closed = closeDraft(polygon.current);
    if (closed) finishPolygon(closed);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const drafting = polygon.current.length > 0;
    const take = () => {
      e.preventDefault();
      e.stopPropagation();
    };
    const big = e.shiftKey ? 4 : 1;
    switch (e.key) {
      case '+':
      case '=':
        take();
        zoomBy(ZOOM_STEP);
        return;
      case '-':
      case '_':
        take();
        zoomBy(1 / ZOOM_STEP);
        return;
      case '0':
        take();
        fitAgain();
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'ArrowUp':
      case 'ArrowDown': {
        take();
        const dx = e.key === 'ArrowLeft' ? PAN_STEP : e.key === 'ArrowRight' ? -PAN_STEP : 0;
        const dy = e.key === 'ArrowUp' ? PAN_STEP : e.key === 'ArrowDown' ? -PAN_STEP : 0;
        zoomed.current = true;
        bitmap.step();
        apply(panBy(viewport.current, dx * big, dy * big));
        return;
      }
      case ' ':
        // Held for panning: not a page scroll (the workspace still gets it).
        e.preventDefault();
        return;
      case 'Enter':
        if (!drafting) return;
        take();
        finishPolygon(closeDraft(polygon.current));
        return;
      case 'Escape':
        if (!drafting) return;
        take();
        finishPolygon(null);
        return;
      case 'Backspace':
      case 'Delete':
        if (!drafting) return;
        take();
        polygon.current = polygon.current.slice(0, -1);
        showPolygonDraft();
        return;
    }
  };

  const selected = marks.find((m) => m.selected && m.hidden !== true);
  const stable = useStableMarks(marks, sameForLayer);

  // The image whose regions the static layer's shapes show. Right after the next task came in it is still the last
  // one: the layer keeps its old input (nothing re-renders), its group is hidden, and the painted preview shows the
  // new regions, until the frame after, when the shapes take them over. Without a preview that matches exactly what
  // is to be drawn (none announced, a resized view, an edit), the shapes take the new regions at once, as before.
  const [liveSrc, setLiveSrc] = useState(src);
  const candidate = previews.current.get(src);
  const previewing = src !== liveSrc && candidate !== undefined && previewShows(candidate, stable, view, image, captionsShown) ? candidate : null;
  if (src !== liveSrc && !previewing) setLiveSrc(src);
  const layerInput = useRef<LayerInput>({ marks: stable, image, minRadius, captionSize });
  if (!previewing) layerInput.current = { marks: stable, image, minRadius, captionSize };
  const layer = layerInput.current;

  useLayoutEffect(() => {
    const group = staticGroup.current;
    if (!previewing || !group) return;
    group.visible(false);
    group.getLayer()?.batchDraw();
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => setLiveSrc(previewing.src));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
      group.visible(true);
      group.getLayer()?.batchDraw();
    };
  }, [previewing]);
  const pendingColor = DEFAULT_COLOR;
  const toggleCaptions = (on: boolean) => {
    setCaptionsShown(on);
    // Back to the stage, so that Space pans again instead of ticking the box.
    box.current?.focus();
  };

  return (
    <div className="image-workspace">
      <div className="image-toolbar small">
        <label>
          <input type="checkbox" checked={captionsShown} onChange={(e) => toggleCaptions(e.target.checked)} data-testid={`image-captions-${name}`} /> {text('imageCaptions')}
        </label>
      </div>
      <div
        ref={box}
        className="image-stage"
        tabIndex={0}
        role="application"
        aria-label={text('imageStageLabel')}
        data-testid={`object-${name}`}
        data-image-width={image.width || undefined}
        data-image-height={image.height || undefined}
        data-gesture={gesture}
        data-regions={marks.length}
        data-captions={captionsShown ? 'on' : 'off'}
        data-regions-live={previewing ? 'false' : 'true'}
        onKeyDown={onKeyDown}
        onContextMenu={(e) => e.preventDefault()}
        style={{ height }}
      >
        {state === 'loading' && <p className="muted small image-stage-note">{text('imageLoading')}</p>}
        {state === 'error' && <p className="error-banner image-stage-note" data-testid={`image-error-${name}`}>{text('imageFailed', { src })}</p>}
        {width > 0 && (
          <Stage ref={stage} width={width} height={height} onMouseDown={onMouseDown} onMouseMove={onMouseMove} onDblClick={onDoubleClick}>
            <Layer listening={false}>
              {element && <KonvaImage image={element} width={image.width} height={image.height} perfectDrawEnabled={false} />}
              {previewing && <KonvaImage image={previewing.canvas} x={previewing.x} y={previewing.y} width={previewing.width} height={previewing.height} perfectDrawEnabled={false} />}
            </Layer>
            <StaticLayer marks={layer.marks} image={layer.image} minRadius={layer.minRadius} captionSize={layer.captionSize} group={staticGroup} bitmap={bitmap} />
            <Layer ref={top}>
              {drawn && <PendingRegion value={drawn} image={image} minRadius={minRadius} />}
              {selected && onReshape && (
                <SelectedRegion key={selected.id} mark={selected} image={image} minRadius={minRadius} scale={viewport.current.scale} onReshape={onReshape} pendingDrag={pendingDrag} buttonDown={buttonDown} />
              )}
              <Rect ref={draftRect} visible={false} listening={false} stroke={pendingColor} strokeWidth={1.5} strokeScaleEnabled={false} dash={[6, 4]} fill="rgba(244, 138, 66, 0.15)" />
              <Line ref={draftLine} visible={false} listening={false} stroke={pendingColor} strokeWidth={2} strokeScaleEnabled={false} />
              <Circle ref={draftStart} visible={false} listening={false} radius={HANDLE_RADIUS} fill="#ffffff" stroke={pendingColor} strokeWidth={1.5} strokeScaleEnabled={false} />
            </Layer>
          </Stage>
        )}
      </div>
      <p className="keyboard-help muted small" data-testid={`image-keys-${name}`}>{text('imageKeys')}</p>
    </div>
  );
}

/** Static marks compare by what they draw, and by whether they are selected or hidden (which moves them off the layer). */
function sameForLayer(a: SpanMark, b: SpanMark): boolean {
  return a.selected === b.selected && a.hidden === b.hidden && sameMark(a, b);
}
