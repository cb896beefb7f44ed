import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import type { TextObject } from './schema.js';

/** A text object: the value as text, never as HTML. */
export function TextObjectView({ object, data }: ObjectViewProps<TextObject>) {
  return (
    <div className="task-text" data-testid={`object-${object.name}`}>
      {displayText(data[object.value])}
    </div>
  );
}

export const textObjectView: ObjectView<TextObject> = { View: TextObjectView };
