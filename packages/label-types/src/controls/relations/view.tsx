import type { RelationItem } from '../../result-item.js';
import type { ControlView, ControlViewProps, KeyBinding, RegionState, ViewOutcome } from '../../view-kit.js';
import { LINK, linkRegions, regionCaption, relationKey, removeRelation, toggleRelationLabel, turnDirection, type Direction } from './edit.js';
import type { RelationsControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';

const ARROWS: Record<Direction, string> = { right: '→', left: '←', bi: '↔' };
const LABEL = 'label:';
const TURN = 'turn';

/**
 * The relations control: how to make one, the relation being drawn, and the list of relations with their direction,
 * labels and a delete button. The newest relation answers the digit keys (its labels) and D (its direction) while the
 * control is active.
 */
export function RelationsControlView({ control, items, answer, active, onActivate, keyHint, text, onChange, regionState, onRegionState }: ControlViewProps<RelationsControl, RelationItem>) {
  const linking = regionState?.linking?.control === control.name ? regionState.linking : null;
  const newest = items[items.length - 1];
  const caption = (id: string) => {
    const c = regionCaption(answer, id);
    return c.labels ? `${c.text} [${c.labels}]` : c.text;
  };
  const linkKey = keyHint(LINK);
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={false}
      caption={text('relations')}
      note={<span className="muted small"> · {text('relationHowTo', { key: linkKey ?? 'R' })}</span>}
    >
      {linking ? (
        <p className="relation-linking" data-testid="relation-linking">
          {text('relationLinking', { from: caption(linking.from), key: linkKey ?? 'R' })}{' '}
          <button type="button" className="btn-link" onClick={() => onRegionState?.({ linking: null })}>
            {text('cancel')} <kbd>Esc</kbd>
          </button>
        </p>
      ) : (
        regionState?.selected && (
          <button
            type="button"
            className="btn"
            data-testid="relation-start"
            onClick={() => regionState.selected && onRegionState?.({ linking: { control: control.name, from: regionState.selected } })}
          >
            {linkKey && <kbd>{linkKey}</kbd>} {text('relationStart')}
          </button>
        )
      )}
      {items.length === 0 ? (
        <p className="muted small" data-testid={`relations-${control.name}-empty`}>{text('noRelations')}</p>
      ) : (
        <ul className="region-list" data-testid={`relations-${control.name}`}>
          {items.map((relation) => {
            const isNewest = relation === newest;
            const turnKey = isNewest ? keyHint(TURN) : null;
            return (
              <li key={`${relation.from_id}>${relation.to_id}`} data-testid={`relation-${relation.from_id}-${relation.to_id}`} data-direction={relation.direction}>
                <span className="region-text">{caption(relation.from_id)}</span>
                <button
                  type="button"
                  className="btn-link relation-direction"
                  title={text('relationDirection')}
                  aria-label={text(`direction_${relation.direction}`)}
                  data-testid={`relation-direction-${relation.from_id}-${relation.to_id}`}
                  onClick={() => onChange(turnDirection(items, relation))}
                >
                  {ARROWS[relation.direction]}
                  {turnKey && <kbd>{turnKey}</kbd>}
                </button>
                <span className="region-text">{caption(relation.to_id)}</span>
                {control.labels.map((label) => {
                  const on = relation.labels?.includes(label.value) === true;
                  const key = isNewest ? keyHint(LABEL + label.value) : null;
                  return (
                    <button
                      key={label.value}
                      type="button"
                      className={`choice choice-small${on ? ' choice-on' : ''}`}
                      aria-pressed={on}
                      data-value={label.value}
                      onClick={() => onChange(toggleRelationLabel(control, items, relation, label.value))}
                    >
                      {key && <kbd>{key}</kbd>}
                      <span>{label.value}</span>
                    </button>
                  );
                })}
                <button
                  type="button"
                  className="btn-link region-delete"
                  title={text('relationDelete')}
                  aria-label={text('relationDelete')}
                  onClick={() => onChange(removeRelation(items, relation))}
                >
                  ×
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </ControlFrame>
  );
}

/** R (shown) starts and finishes a relation from anywhere; while the control is active, 1-9 label the newest relation and D turns it. */
export function relationsKeys(control: RelationsControl): KeyBinding[] {
  const keys: KeyBinding[] = [{ target: LINK, key: 'r', scope: 'always', shown: true }];
  control.labels.slice(0, 9).forEach((label, i) => keys.push({ target: LABEL + label.value, key: String(i + 1), scope: 'active', shown: true }));
  keys.push({ target: TURN, key: 'd', scope: 'active', shown: true });
  return keys;
}

/** The digit and D keys act on the newest relation; the link key needs the region state (relationKey). */
export function pressRelation(control: RelationsControl, items: readonly RelationItem[], target: string): RelationItem[] {
  const newest = items[items.length - 1];
  if (!newest) return [...items];
  if (target === TURN) return turnDirection(items, newest);
  if (target.startsWith(LABEL)) return toggleRelationLabel(control, items, newest, target.slice(LABEL.length));
  return [...items];
}

function actRelation(control: RelationsControl, items: readonly RelationItem[], target: string, state: RegionState): ViewOutcome<RelationItem> | null {
  if (target === LINK) return relationKey(control, items, target, state);
  if (items.length === 0) return null;
  return { items: pressRelation(control, items, target) };
}

export const relationsView: ControlView<RelationsControl, RelationItem> = {
  View: RelationsControlView,
  keys: relationsKeys,
  press: pressRelation,
  act: actRelation,
  link: (control, items, from, to) => linkRegions(control, items, from, to),
};
