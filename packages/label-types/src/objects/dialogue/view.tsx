import type { ObjectView, ObjectViewProps } from '../../view-kit.js';
import { displayText } from '../display-text.js';
import { valueKind } from '../value-kind.js';
import type { DialogueObject } from './schema.js';
import { dialogueTurns, speakerOrder } from './turns.js';

/** How many speakers get a colour of their own (styles.css `.dialogue-speaker-N`); later ones share them in turn. */
const SPEAKER_COLOURS = 6;

/**
 * A dialogue object: the turns one under another, each with its speaker's name, in the speaker's colour; the first
 * speaker on the left, the others on the right. Names and texts are text, never HTML. Data that is no list of turns
 * shows a note naming the problem, and the value as text below it.
 */
export function DialogueObjectView({ object, data, text }: ObjectViewProps<DialogueObject>) {
  const value = data[object.value];
  const read = dialogueTurns(object, value);
  if ('problem' in read) {
    const note =
      read.problem.kind === 'notList'
        ? text('objectDialogueNotList', { key: object.value, kind: text(`objectKind${valueKind(value)}`) })
        : text('objectDialogueBadTurn', { key: object.value, number: read.problem.index + 1, textKey: object.textKey });
    return (
      <div className="task-object" data-testid={`object-${object.name}`}>
        <div className="error-banner" data-testid={`object-problem-${object.name}`}>{note}</div>
        <div className="task-text">{displayText(value)}</div>
      </div>
    );
  }
  const order = speakerOrder(read.turns);
  return (
    <ol className="dialogue" data-testid={`object-${object.name}`}>
      {read.turns.map((turn, i) => {
        const place = turn.speaker === null ? null : (order.get(turn.speaker) ?? 0);
        const side = place === null || place === 0 ? 'dialogue-left' : 'dialogue-right';
        const colour = place === null ? 'dialogue-speaker-none' : `dialogue-speaker-${place % SPEAKER_COLOURS}`;
        return (
          <li key={i} className={`dialogue-turn ${side} ${colour}`} data-testid="dialogue-turn">
            <div className="dialogue-speaker">{turn.speaker ?? text('objectDialogueNoSpeaker')}</div>
            <div className="dialogue-text">{turn.text}</div>
          </li>
        );
      })}
    </ol>
  );
}

export const dialogueObjectView: ObjectView<DialogueObject> = { View: DialogueObjectView };
