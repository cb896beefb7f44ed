import type { LabelConfig, ResultEntry } from '@biaozhu/contract';
import { objectsShownByControls } from '@biaozhu/label-types/views';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildResult, missingRequired, pressed, type Answer } from './build-result';
import { ControlSlot, newItemId } from './control-slot';
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
  onSubmit: (result: ResultEntry[], leadTimeMs: number) => void;
  onSkip: () => void;
}

/** One task on screen: its objects, the controls, and the keys that answer them. Mount it per assignment. */
export function TaskForm({ config, shown, onSubmit, onSkip }: Props) {
  const { t } = useTranslation();
  const { assignment } = shown;
  // An answer the server refused comes back to be fixed; otherwise the draft saved before a reload, if any.
  const [answer, setAnswer] = useState<Answer>(() => (shown.initial.length > 0 ? shown.initial : (loadDraft(assignment.id) ?? [])));
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

  const update = (next: Answer) => {
    setAnswer(next);
    setProblem(null);
    saveDraft(assignment.id, next);
  };

  const submit = () => {
    const missing = missingRequired(config, answer);
    if (missing) {
      setProblem(t('workspace.answerRequired', { control: missing.label ?? missing.name }));
      setActive(config.controls.indexOf(missing));
      return;
    }
    const leadTimeMs = timer.current?.stop() ?? 0;
    clearDraft(assignment.id);
    onSubmit(buildResult(config, answer), leadTimeMs);
  };

  useHotkeys((key) => {
    const action = resolveKey(config, active, key);
    if (!action) return false;
    switch (action.type) {
      case 'press':
        update(pressed(answer, action.control, action.target, newItemId));
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
        {/* A pairwise or a ranking shows its own objects; they are not shown twice. */}
        {config.objects.filter((o) => !objectsShownByControls(config.controls).has(o.name)).map((o) => (
          <TaskObjectView key={o.name} object={o} data={assignment.data} />
        ))}
      </div>
      <div className="task-controls">
        {config.controls.map((c, i) => (
          <ControlSlot
            key={c.name}
            config={config}
            control={c}
            data={assignment.data}
            answer={answer}
            active={i === active}
            onActivate={() => setActive(i)}
            onChange={update}
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
