import type { LabelConfig, ResultEntry } from '@biaozhu/contract';
import { viewOf } from '@biaozhu/label-types/views';
import { useEffect, useState } from 'react';
import { buildResult, pressed, type Answer } from '../workspace/build-result';
import { ControlSlot, newItemId } from '../workspace/control-slot';

/**
 * Edits an answer with the workspace's control views (a reviewer's correction, an annotator's fix). While
 * `keyboard` is on, the active control's keys (its own hotkeys first, then 1-9) answer it and the up/down arrows move
 * between controls. Items of controls without a view are kept as they are.
 */
export function AnswerEditor({ config, data, initial, keyboard, onChange }: {
  config: LabelConfig;
  /** The task's data, for views that show it (pairwise shows both answers). */
  data: Readonly<Record<string, unknown>>;
  initial: ResultEntry[];
  keyboard: boolean;
  onChange: (result: ResultEntry[]) => void;
}) {
  const [answer, setAnswer] = useState<Answer>(initial);
  const [active, setActive] = useState(0);

  const apply = (next: Answer) => {
    setAnswer(next);
    onChange(buildResult(config, next));
  };

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
        setAnswer((current) => {
          const next = pressed(current, control, hit.target, newItemId);
          onChange(buildResult(config, next));
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
