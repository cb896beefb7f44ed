import type { LabelConfig, ResultEntry } from '@biaozhu/contract';
import { viewOf } from '@biaozhu/label-types/views';
import { useEffect, useState } from 'react';
import { buildResult, pressed, type Answer } from '../workspace/build-result';
import { ControlSlot, newItemId } from '../workspace/control-slot';
import { canRedo, canUndo, record, redo, startHistory, undo, type History } from '../workspace/history';

/**
 * Edits an answer with the workspace's control views (a reviewer's correction, an annotator's fix). While
 * `keyboard` is on, the active control's keys (its own hotkeys first, then 1-9) answer it and the up/down arrows move
 * between controls; Ctrl+Z undoes a change and Ctrl+Shift+Z or Ctrl+Y redoes it (whatever `keyboard` says, outside
 * text fields). Items of controls without a view are kept as they are.
 */
export function AnswerEditor({ config, data, initial, keyboard, onChange }: {
  config: LabelConfig;
  /** The task's data, for views that show it (pairwise shows both answers). */
  data: Readonly<Record<string, unknown>>;
  initial: ResultEntry[];
  keyboard: boolean;
  onChange: (result: ResultEntry[]) => void;
}) {
  const [history, setHistory] = useState<History<Answer>>(() => startHistory(initial));
  const [active, setActive] = useState(0);
  const answer = history.present;

  const show = (next: History<Answer>) => {
    setHistory(next);
    onChange(buildResult(config, next.present));
  };
  const apply = (next: Answer) => show(record(history, next));

  // Undo and redo, as in the workspace; the browser keeps its own undo inside text fields.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const t = e.target;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || (t instanceof HTMLElement && t.isContentEditable)) return;
      const key = e.key.toLowerCase();
      const back = key === 'z' && !e.shiftKey;
      const forward = (key === 'z' && e.shiftKey) || key === 'y';
      if (!back && !forward) return;
      e.preventDefault();
      setHistory((h) => {
        const next = back ? (canUndo(h) ? undo(h) : h) : canRedo(h) ? redo(h) : h;
        if (next !== h) onChange(buildResult(config, next.present));
        return next;
      });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [config, onChange]);

  useEffect(() => {
    if (!keyboard) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement) return;
      const control = config.controls[active];
      if (!control) return;
      if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, config.controls.length - 1));
      else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
      else {
        const keys = viewOf(control)?.keys(control) ?? [];
        const hit = keys.find((b) => b.scope === 'always' && b.key === e.key) ?? keys.find((b) => b.scope === 'active' && b.key === e.key);
        if (!hit) return;
        e.preventDefault();
        setHistory((h) => {
          const next = record(h, pressed(h.present, control, hit.target, newItemId));
          if (next !== h) onChange(buildResult(config, next.present));
          return next;
        });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyboard, active, config, onChange]);

  return (
    <div className="answer-editor" data-testid="answer-editor">
      {config.controls.map((control, i) => (
        <ControlSlot
          key={control.name}
          config={config}
          control={control}
          data={data}
          answer={answer}
          active={keyboard && i === active}
          onActivate={() => setActive(i)}
          onChange={apply}
        />
      ))}
    </div>
  );
}
