import type { LabelConfig, ResultItem } from '@biaozhu/contract';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildResult, missingRequired, pick, type Selections } from './build-result';
import { ChoicesControlView } from './choices-control-view';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import { KeyboardHelp } from './keyboard-help';
import { LeadTimer } from './lead-timer';
import { resolveKey } from './resolve-key';
import { TaskObjectView } from './task-object-view';
import type { Shown } from './use-annotation-loop';
import { useHotkeys } from './use-hotkeys';

interface Props {
  config: LabelConfig;
  shown: Shown;
  onSubmit: (result: ResultItem[], selections: Selections, leadTimeMs: number) => void;
  onSkip: () => void;
}

/** One task on screen: its objects, the controls, and the keys that answer them. Mount it per assignment. */
export function TaskForm({ config, shown, onSubmit, onSkip }: Props) {
  const { t } = useTranslation();
  const { assignment } = shown;
  const [selections, setSelections] = useState<Selections>(() => ({ ...(loadDraft(assignment.id) ?? {}), ...shown.initial }));
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const timer = useRef<LeadTimer | null>(null);

  useEffect(() => {
    const lt = new LeadTimer();
    lt.start();
    timer.current = lt;
    return () => {
      lt.stop();
    };
  }, [assignment.id]);

  const update = (next: Selections) => {
    setSelections(next);
    setProblem(null);
    saveDraft(assignment.id, next);
  };

  const submit = () => {
    const missing = missingRequired(config, selections);
    if (missing) {
      setProblem(t('workspace.answerRequired', { control: missing.label ?? missing.name }));
      setActive(config.controls.indexOf(missing));
      return;
    }
    const leadTimeMs = timer.current?.stop() ?? 0;
    clearDraft(assignment.id);
    onSubmit(buildResult(config, selections), selections, leadTimeMs);
  };

  useHotkeys((key) => {
    const action = resolveKey(config, active, key);
    if (!action) return false;
    switch (action.type) {
      case 'pick':
        update(pick(selections, action.control, action.value));
        return true;
      case 'submit':
        submit();
        return true;
      case 'skip':
        clearDraft(assignment.id);
        onSkip();
        return true;
      case 'focus':
        setActive(action.index);
        return true;
    }
  }, true);

  return (
    <section className="task-panel" data-testid="task" data-task-id={assignment.taskId} data-assignment-id={assignment.id}>
      <div className="task-objects">
        {config.objects.map((o) => (
          <TaskObjectView key={o.name} object={o} data={assignment.data} />
        ))}
      </div>
      <div className="task-controls">
        {config.controls.map((c, i) => (
          <ChoicesControlView
            key={c.name}
            config={config}
            control={c}
            selected={selections[c.name] ?? []}
            active={i === active}
            onActivate={() => setActive(i)}
            onPick={(v) => update(pick(selections, c, v))}
          />
        ))}
        {problem && <div className="error-banner" role="alert" data-testid="form-problem">{problem}</div>}
        <div className="row task-actions">
          <button type="button" className="btn btn-primary" onClick={submit} data-testid="submit">
            {t('workspace.submit')} <kbd>Enter</kbd>
          </button>
          <button type="button" className="btn" onClick={() => { clearDraft(assignment.id); onSkip(); }} data-testid="skip">
            {t('workspace.skip')} <kbd>S</kbd>
          </button>
        </div>
        <KeyboardHelp multipleControls={config.controls.length > 1} />
      </div>
    </section>
  );
}
