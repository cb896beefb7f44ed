import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { safeImageUrl } from './image-url.js';
import type { ImageObject } from './schema.js';

export { safeImageUrl };

/** An image object: the picture, or a note naming the value when it is no address we load. */
export function ImageObjectView({ object, data, text, mediaScope }: ObjectViewProps<ImageObject>) {
  const value = data[object.value];
  const src = safeImageUrl(value, mediaScope);
  if (!src) return <div className="error-banner">{text('badImage', { value: displayText(value) })}</div>;
  return (
    <div className="task-image" data-testid={`object-${object.name}`}>
      <img src={src} alt={object.name} referrerPolicy="no-referrer" />
    </div>
  );
}

export const imageObjectView: ObjectView<ImageObject> = { View: ImageObjectView };
