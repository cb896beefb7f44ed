import type { ObjectView, ObjectViewProps, PreparedObject } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { prefetchImage } from './canvas/image-cache.js';
import { ImageStage } from './canvas/image-stage.js';
import { announceUpcoming } from './canvas/upcoming-regions.js';
import { safeImageUrl } from './image-url.js';
import type { ImageObject } from './schema.js';

export { safeImageUrl };

/**
 * An image object: when some control draws regions on it, the canvas workspace (canvas/image-stage.tsx); else the
 * picture; or a note naming the value when it is no address we load.
 */
export function ImageObjectView({ object, data, text, mediaScope, marks, drawn, gesture, onDraw, onReshape, onMarkClick }: ObjectViewProps<ImageObject>) {
  const value = data[object.value];
  const src = safeImageUrl(value, mediaScope);
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

/**
 * The task in hand: its picture is fetched and decoded now, and the regions it opens with are announced to the canvas
 * on screen, which paints them ahead (canvas/upcoming-regions.ts).
 */
function prepareImage({ object, data, mediaScope, marks }: PreparedObject<ImageObject>): void {
  const src = safeImageUrl(data[object.value], mediaScope);
  if (!src) return;
  prefetchImage(src);
  if (marks.some((m) => m.shape !== undefined)) announceUpcoming(src, marks);
}

export const imageObjectView: ObjectView<ImageObject> = { View: ImageObjectView, keptAcrossTasks: true, prepare: prepareImage };
