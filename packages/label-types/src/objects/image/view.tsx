import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { ImageStage } from './canvas/image-stage.js';
import type { ImageObject } from './schema.js';

/** Whether a relative address, as the browser resolves it (dots, backslashes, percent escapes), is under /api. */
function intoOwnApi(relative: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(new URL(relative, 'http://biaozhu.invalid/').pathname);
  } catch {
    return true;
  }
  return /^\/api(\/|$)/i.test(path);
}

/**
 * Only web and relative addresses (and inline raster images) are loaded; anything else in task data is shown as text.
 * Addresses into Biaozhu's own API are refused: a picture would call it with the annotator's session.
 */
export function safeImageUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (v.startsWith('/') && !v.startsWith('//') && intoOwnApi(v)) return null;
  if (/^(https?:)?\/\//i.test(v) || v.startsWith('/') || /^data:image\/(png|jpe?g|gif|webp);/i.test(v)) return v;
  return null;
}

/**
 * An image object: when some control draws regions on it, the canvas workspace (canvas/image-stage.tsx); else the
 * picture; or a note naming the value when it is no address we load.
 */
export function ImageObjectView({ object, data, text, marks, drawn, gesture, onDraw, onReshape, onMarkClick }: ObjectViewProps<ImageObject>) {
  const value = data[object.value];
  const src = safeImageUrl(value);
  if (!src) return <div className="error-banner">{text('badImage', { value: displayText(value) })}</div>;
  if (onDraw || marks.some((m) => m.shape !== undefined)) {
    return <ImageStage name={object.name} src={src} marks={marks} drawn={drawn} gesture={gesture} onDraw={onDraw} onReshape={onReshape} onMarkClick={onMarkClick} text={text} />;
  }
  return (
    <div className="task-image" data-testid={`object-${object.name}`}>
      <img src={src} alt={object.name} referrerPolicy="no-referrer" />
    </div>
  );
}

export const imageObjectView: ObjectView<ImageObject> = { View: ImageObjectView };
