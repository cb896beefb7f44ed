import { useMemo, useRef } from 'react';
import type { RegionShape } from '../region-state.js';
import type { ResultItem } from '../result-item.js';
import type { ControlView, ControlViewProps, KeyBinding } from '../view-kit.js';
import { RegionList, type RegionRow } from '../objects/image/canvas/region-list.js';
import { drawImageRegion, regionColor, regionLabelKey, regionLabels, regionMarks, type ImageRegionControl, type RegionKind } from './image-region-edit.js';
import { LabelToolbar } from './label-toolbar.js';

/** The words that say how each gesture draws. */
const HOW_TO = { rectangle: 'imageHowToBox', polygon: 'imageHowToPolygon', point: 'imageHowToPoint' } as const;

const round = (v: number) => Math.round(v * 10) / 10;

/** A short note of a region's place and size, in percent of the image. */
function detailOf(shape: RegionShape): string {
  switch (shape.kind) {
    case 'rectangle':
      return `${round(shape.width)}×${round(shape.height)}%${shape.rotation !== 0 ? ` ${Math.round(shape.rotation)}°` : ''}`;
    case 'polygon':
      return `${shape.points.length} ▵`;
    case 'point':
      return `${round(shape.x)}%, ${round(shape.y)}%`;
  }
}

/**
 * A label's own hotkey works from anywhere and is shown; the first nine labels also answer to their position (1-9)
 * while the control is active, shown only on labels without a hotkey of their own.
 */
function regionKeys(control: ImageRegionControl): KeyBinding[] {
  const keys: KeyBinding[] = [];
  control.labels.forEach((label, i) => {
    if (label.hotkey !== undefined) keys.push({ target: label.value, key: label.hotkey, scope: 'always', shown: true });
    if (i < 9) keys.push({ target: label.value, key: String(i + 1), scope: 'active', shown: label.hotkey === undefined });
  });
  return keys;
}

const toggled = (list: readonly string[] | undefined, id: string): string[] => {
  const now = list ?? [];
  return now.includes(id) ? now.filter((x) => x !== id) : [...now, id];
};

/**
 * The view of an image region control (rectangles, polygons, keypoints), given its geometry: its labels as buttons
 * (key shown, the armed one pressed) and the list of its regions with hide, lock and remove. The regions themselves are
 * drawn and edited on the image's canvas (objects/image/canvas/), which the workspace shows with every control's marks.
 */
export function imageRegionView<C extends ImageRegionControl>(kind: RegionKind<C>): ControlView<C> {
  function ImageRegionControlView({ control, items, active, onActivate, keyHint, text, newId, onChange, regionState, onRegionState }: ControlViewProps<C>) {
    const armed = regionState?.armed[control.name];
    const selected = regionState?.selected ?? null;
    const hiddenList = regionState?.hidden;
    const lockedList = regionState?.locked;
    const hidden = useMemo(() => new Set(hiddenList ?? []), [hiddenList]);
    const locked = useMemo(() => new Set(lockedList ?? []), [lockedList]);
    const rows: RegionRow[] = useMemo(
      () =>
        items.flatMap((item) => {
          const shape = kind.shapeOf(item.value);
          if (item.id === undefined || shape === undefined) return [];
          const labels = regionLabels(item, kind.labelsKey);
          return [{ id: item.id, caption: labels.join(', '), color: regionColor(control, labels[0]), detail: detailOf(shape) }];
        }),
      [items, control],
    );
    // The list's buttons keep their identity across renders (its rows are memoised); they read the latest props here.
    const latest = useRef({ items, regionState, onRegionState, onChange });
    latest.current = { items, regionState, onRegionState, onChange };
    const actions = useMemo(
      () => ({
        onSelect: (id: string) => latest.current.onRegionState?.({ selected: latest.current.regionState?.selected === id ? null : id, drawn: null }),
        onToggleHidden: (id: string) => latest.current.onRegionState?.({ hidden: toggled(latest.current.regionState?.hidden, id) }),
        onToggleLocked: (id: string) => latest.current.onRegionState?.({ locked: toggled(latest.current.regionState?.locked, id) }),
        onDelete: (id: string) => latest.current.onChange(latest.current.items.filter((i) => i.id !== id)),
      }),
      [],
    );
    const press = (label: string) => {
      if (!regionState || !onRegionState) return;
      const outcome = regionLabelKey(kind, control, items, label, regionState, newId);
      if (outcome.items) onChange(outcome.items);
      if (outcome.state) onRegionState(outcome.state);
    };
    const waiting = regionState?.drawn && regionState.drawn.object === control.toName && regionState.drawn.gesture === kind.gesture;
    return (
      <fieldset className={`control${active ? ' control-active' : ''}`} data-testid={`control-${control.name}`} data-gesture={kind.gesture} onFocus={onActivate} onMouseDown={onActivate}>
        <legend>
          {control.label ?? control.name}
          <span className="muted small"> · {text(HOW_TO[kind.gesture])}</span>
        </legend>
        {control.labels.length > 0 && (
          <LabelToolbar name={control.name} labels={control.labels} armed={armed} keyHint={keyHint} color={(value) => regionColor(control, value)} press={press} />
        )}
        {waiting && <p className="muted small" data-testid={`region-waiting-${control.name}`}>{text('imageRegionWaiting')}</p>}
        <RegionList rows={rows} selected={selected} hidden={hidden} locked={locked} text={text} testId={`regions-${control.name}`} {...actions} />
      </fieldset>
    );
  }

  return {
    View: ImageRegionControlView,
    keys: regionKeys,
    press: (_control, items: readonly ResultItem[]) => [...items],
    act: (control, items, target, state, newId) => regionLabelKey(kind, control, items, target, state, newId),
    regions: {
      objects: (control) => [control.toName],
      marks: (control, items) => regionMarks(kind, control, items),
      draw: (control, items, drawn, label, newId) => drawImageRegion(kind, control, items, drawn, label, newId),
      gesture: kind.gesture,
      labelless: (control) => control.labels.length === 0,
    },
  };
}
