import { Fragment, useEffect, useMemo, useRef, type CSSProperties, type MouseEvent } from 'react';
import { codePoints, spanText } from '../../controls/labels/span.js';
import type { ObjectView, ObjectViewProps, SpanMark } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { caretSelection, moveCaret } from './caret.js';
import type { TextObject } from './schema.js';
import { segmentsOf, trimSpan, type Segment } from './segments.js';

const PENDING_ID = '\u0000drawn';

/**
 * The code-point offset of a DOM boundary point inside the text. Every segment element carries its `data-start`, and
 * its only child is its text, so a point in a segment's text counts the code points before it; a point between
 * elements (a selection that starts before the text, or ends on a caption) goes to the start of the first segment
 * at or after it, or to the end of the text. Captions are CSS `::before` content, never part of the DOM text.
 */
function offsetOf(root: HTMLElement, node: Node, offset: number, length: number): number {
  const segments = Array.from(root.querySelectorAll<HTMLElement>('[data-start]'));
  for (const segment of segments) {
    if (!segment.contains(node)) continue;
    const start = Number(segment.dataset.start);
    const end = Number(segment.dataset.end);
    if (node.nodeType === Node.TEXT_NODE) return Math.min(end, start + codePoints((node as Text).data.slice(0, offset)).length);
    return offset === 0 ? start : end;
  }
  const point = document.createRange();
  point.setStart(node, offset);
  for (const segment of segments) {
    if (point.comparePoint(segment, 0) >= 0) return Number(segment.dataset.start);
  }
  return length;
}

function styleOf(segment: Segment): CSSProperties | undefined {
  const inner = segment.marks[segment.marks.length - 1];
  if (!inner) return undefined;
  const color = inner.color ?? '#f59e0b';
  // Each mark around the innermost one draws a line below the text, so nested and overlapping spans stay visible.
  const outer = segment.marks.slice(0, -1).reverse();
  const lines = outer.map((m, i) => `0 ${3 * (i + 1)}px 0 0 ${m.color ?? '#f59e0b'}`);
  return {
    background: `color-mix(in srgb, ${color} 30%, transparent)`,
    boxShadow: lines.length > 0 ? lines.join(', ') : undefined,
    marginBottom: lines.length > 0 ? `${3 * lines.length}px` : undefined,
  };
}

/**
 * The segments with the one holding the caret cut in two at it, so the caret can be drawn between them while every
 * segment element still holds only its text (the mouse offsets rely on that). The second half opens no mark.
 */
function cutAtCaret(segments: readonly Segment[], caret: number | undefined): Segment[] {
  if (caret === undefined) return [...segments];
  return segments.flatMap((s) => (caret > s.start && caret < s.end ? [{ ...s, end: caret }, { ...s, start: caret, opening: [] }] : [s]));
}

/**
 * A text object: the value as text, never as HTML. With marks it draws them (overlapping and nested ones as stacked
 * lines, the innermost as the background, captions before each span); with `onSelectSpan` a mouse selection becomes
 * a span in code points, exactly the characters selected (no snapping to words; whitespace at its ends left out).
 */
export function TextObjectView({ object, data, marks, drawn, onSelectSpan, onMarkClick, caret, onPlaceCaret, text }: ObjectViewProps<TextObject>) {
  const source = displayText(data[object.value]);
  const points = useMemo(() => codePoints(source), [source]);
  const root = useRef<HTMLDivElement>(null);
  /** A drag that made a selection also ends in a click; that click selects no span. */
  const justSelected = useRef(false);

  const shown = useMemo(() => {
    const start = drawn?.start;
    const end = drawn?.end;
    if (typeof start !== 'number' || typeof end !== 'number') return marks;
    const pending: SpanMark = { id: PENDING_ID, start, end, caption: '?', selected: false, pending: true };
    return [...marks, pending];
  }, [marks, drawn]);
  const segments = useMemo(() => cutAtCaret(segmentsOf(points.length, shown), caret), [points.length, shown, caret]);
  const caretEl = useRef<HTMLSpanElement>(null);
  // A caret moved by keys stays in sight in a long text (not when it first shows: the page is not scrolled for that).
  const lastCaret = useRef(caret);
  useEffect(() => {
    if (lastCaret.current !== undefined && caret !== lastCaret.current) caretEl.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    lastCaret.current = caret;
  }, [caret]);

  const onMouseUp = () => {
    const selection = window.getSelection();
    const el = root.current;
    if (el && selection && selection.rangeCount > 0 && selection.isCollapsed && onPlaceCaret && el.contains(selection.anchorNode)) {
      onPlaceCaret(offsetOf(el, selection.anchorNode as Node, selection.anchorOffset, points.length));
      return;
    }
    if (!onSelectSpan || !el || !selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(el)) return;
    const raw = {
      start: el.contains(range.startContainer) ? offsetOf(el, range.startContainer, range.startOffset, points.length) : 0,
      end: el.contains(range.endContainer) ? offsetOf(el, range.endContainer, range.endOffset, points.length) : points.length,
    };
    const { start, end } = trimSpan(points, raw.start, raw.end);
    selection.removeAllRanges();
    if (end <= start) return;
    justSelected.current = true;
    onSelectSpan({ start, end, text: spanText(points, start, end) });
  };

  const onClick = (segment: Segment, e: MouseEvent) => {
    if (justSelected.current) {
      justSelected.current = false;
      return;
    }
    const ids = segment.marks.filter((m) => !m.pending).map((m) => m.id).reverse();
    if (!onMarkClick || ids.length === 0) return;
    e.stopPropagation();
    // Clicking again where spans are nested picks the next one outwards.
    const at = ids.findIndex((id) => marks.some((m) => m.id === id && m.selected));
    onMarkClick(at >= 0 && ids.length > 1 ? (ids[(at + 1) % ids.length] as string) : (ids[0] as string));
  };

  return (
    <div
      ref={root}
      className={`task-text${onSelectSpan ? ' task-text-spans' : ''}`}
      data-testid={`object-${object.name}`}
      onMouseUp={onMouseUp}
      onMouseDown={() => (justSelected.current = false)}
      aria-label={onSelectSpan ? text('spanSelectHint') : undefined}
      data-caret={caret}
    >
      {caret === 0 && <span ref={caretEl} className="text-caret" data-testid={`caret-${object.name}`} aria-hidden="true" />}
      {segments.map((segment) => {
        const classes = ['seg'];
        if (segment.marks.length > 0) classes.push('seg-marked');
        if (segment.marks.some((m) => m.selected)) classes.push('seg-selected');
        if (segment.marks.some((m) => m.linking)) classes.push('seg-linking');
        if (segment.marks.some((m) => m.pending)) classes.push('seg-pending');
        const captions = segment.opening.map((m) => m.caption).filter((c) => c !== '');
        const piece = (
          <span
            className={classes.join(' ')}
            style={styleOf(segment)}
            data-start={segment.start}
            data-end={segment.end}
            data-marks={segment.marks.filter((m) => !m.pending).map((m) => m.id).join(' ') || undefined}
            data-caption={captions.length > 0 ? captions.join(' · ') : undefined}
            onClick={segment.marks.length > 0 ? (e) => onClick(segment, e) : undefined}
          >
            {spanText(points, segment.start, segment.end)}
          </span>
        );
        // Always a fragment of the same shape, so a segment's element stays the same DOM node when the caret comes or
        // goes beside it (a click whose mouseup moved the caret still reaches the span it was on).
        return (
          <Fragment key={segment.start}>
            {piece}
            {caret !== undefined && caret !== 0 && segment.end === caret && <span ref={caretEl} className="text-caret" data-testid={`caret-${object.name}`} aria-hidden="true" />}
          </Fragment>
        );
      })}
    </div>
  );
}

export const textObjectView: ObjectView<TextObject> = {
  View: TextObjectView,
  caret: {
    move(object, data, place, move) {
      const points = codePoints(displayText(data[object.value]));
      const next = moveCaret(points, place, move);
      return { place: next, span: caretSelection(points, next) };
    },
  },
};
