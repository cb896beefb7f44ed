import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { valueKind } from '../value-kind.js';
import { listEntries } from './items.js';
import type { ListObject } from './schema.js';

/**
 * A list object, read only: its title, then each item's title and body as text, never HTML. (A ranking control may
 * show the items itself, to be dragged; this view is what every other page shows.) Data that is no list of items
 * shows a note naming the problem, and the value as text below it.
 */
export function ListObjectView({ object, data, text }: ObjectViewProps<ListObject>) {
  const value = data[object.value];
  const read = listEntries(value);
  if ('problem' in read) {
    const note =
      read.problem.kind === 'notList'
        ? text('objectListNotList', { key: object.value, kind: text(`objectKind${valueKind(value)}`) })
        : text('objectListBadItem', { key: object.value, number: read.problem.index + 1 });
    return (
      <div className="task-object" data-testid={`object-${object.name}`}>
        <div className="error-banner" data-testid={`object-problem-${object.name}`}>{note}</div>
        <div className="task-text">{displayText(value)}</div>
      </div>
    );
  }
  return (
    <section className="task-list" data-testid={`object-${object.name}`}>
      {object.title !== undefined && <h3 className="task-list-title">{object.title}</h3>}
      {read.items.length === 0 && <p className="muted">{text('objectListEmpty')}</p>}
      <ol className="task-list-items">
        {read.items.map((item, i) => (
          // By position: ids repeat in careless data, and a repeated key would mix up React's rows.
          <li key={i} className="task-list-item" data-testid="list-item" data-item-id={item.id}>
            <div className="task-list-item-title">{item.title}</div>
            {item.body !== '' && <div className="task-list-item-body">{item.body}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

export const listObjectView: ObjectView<ListObject> = { View: ListObjectView };
