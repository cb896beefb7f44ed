import { useLayoutEffect, useMemo, useRef } from 'react';
import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import type { HypertextObject } from './schema.js';
import { sanitiseHypertext } from './sanitise.js';

/**
 * A hypertext object: the task's HTML, sanitised (sanitise-policy.ts says what stays). The sanitised nodes are put
 * into the page as they are, never turned back into a string and parsed again. A value that is no string, or a
 * page without a DOM to sanitise in, is shown as text.
 */
export function HypertextObjectView({ object, data, text }: ObjectViewProps<HypertextObject>) {
  const value = data[object.value];
  const html = typeof value === 'string' ? value : null;
  const fragment = useMemo(() => (html === null ? null : sanitiseHypertext(html)), [html]);
  const host = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    // A fragment empties when inserted, so each render inserts a copy of it.
    if (host.current && fragment) host.current.replaceChildren(fragment.cloneNode(true));
  }, [fragment]);

  if (html === null || !fragment) {
    return (
      <div className="task-object" data-testid={`object-${object.name}`}>
        {html === null && <div className="error-banner">{text('objectHypertextNotText', { key: object.value })}</div>}
        <div className="task-text">{displayText(value)}</div>
      </div>
    );
  }
  return <div ref={host} className="task-hypertext" data-testid={`object-${object.name}`} />;
}

export const hypertextObjectView: ObjectView<HypertextObject> = { View: HypertextObjectView };
