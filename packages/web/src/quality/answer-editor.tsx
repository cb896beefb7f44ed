import type { LabelConfig, ResultItem } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { ChoicesControlView } from '../workspace/choices-control-view';
import { buildResult, pick, type Selections } from '../workspace/build-result';

/** The picks a stored result stands for. */
export function selectionsOf(result: ResultItem[]): Selections {
  const out: Selections = {};
  for (const item of result) {
    const choices = (item.value as { choices?: unknown }).choices;
    if (Array.isArray(choices)) out[item.from_name] = choices.map(String);
  }
  return out;
}

/**
 * Edits an answer with the workspace's choice buttons (a reviewer's correction, an annotator's fix). While
 * `keyboard` is on, the digit keys pick in the active control and Tab-free arrows move between controls.
 */
export function AnswerEditor({ config, initial, keyboard, onChange }: { config: LabelConfig; initial: ResultItem[]; keyboard: boolean; onChange: (result: ResultItem[]) => void }) {
  const [selections, setSelections] = useState<Selections>(() => selectionsOf(initial));
  const [active, setActive] = useState(0);

  const apply = (next: Selections) => {
    setSelections(next);
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
        const byHotkey = control.choices.find((c) => c.hotkey === e.key);
        const digit = /^[1-9]$/.test(e.key) ? control.choices[Number(e.key) - 1] : undefined;
        const choice = byHotkey ?? digit;
        if (!choice) return;
        e.preventDefault();
        setSelections((current) => {
          const next = pick(current, control, choice.value);
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
        <ChoicesControlView
          key={control.name}
          config={config}
          control={control}
          selected={selections[control.name] ?? []}
          active={keyboard && i === active}
          onPick={(value) => apply(pick(selections, control, value))}
          onActivate={() => setActive(i)}
        />
      ))}
    </div>
  );
}
