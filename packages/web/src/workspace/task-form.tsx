import type { LabelConfig, ResultEntry } from '@biaozhu/contract';
import { NO_REGION_STATE, objectsShownByControls, objectViewOf, type RegionState } from '@biaozhu/label-types/views';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildResult, missingRequired, pressWith, type Answer } from './build-result';
import { ControlSlot, newItemId } from './control-slot';
import { clearDraft, saveDraft } from './drafts';
import { canRedo, canUndo, record, redo, startHistory, undo, type History } from './history';
import { KeyboardHelp } from './keyboard-help';
import { LeadTimer } from './lead-timer';
import { openingAnswer } from './prediction';
import { cancelStep, caretAt, caretObjectOf, caretStep, clickRegion, deleteSelected, drawRegion, drawsOn, gestureOn, makeWithArmed, marksOn, moveSelection, reshapeRegion, stateFor } from './regions';
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

/**
 * One task on screen: its objects, the controls, and the keys that answer them. It starts over when the assignment
 * changes; the controls and most objects are mounted again per assignment, the views that say they are kept across
 * tasks (the image canvas) only get the new task's data. The answer
 * has an undo history; the region state (selected span, armed label, a relation being drawn) is kept beside it and
 * shared by every control, so nothing here knows a control type.
 */
export function TaskForm({ config, shown, onSubmit, onSkip }: Props) {
  const { t } = useTranslation();
  const { assignment } = shown;
  // An answer the server refused comes back to be fixed; else the draft saved before a reload; else the model's prediction.
  const [start, setStart] = useState(() => openingAnswer(shown));
  const [history, setHistory] = useState<History<Answer>>(() => startHistory(start.answer));
  const [regions, setRegionState] = useState<RegionState>(NO_REGION_STATE);
  const [active, setActive] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  // The form stays mounted from one task to the next (so an image's canvas is kept, not rebuilt): a new assignment
  // starts everything above over, during this render, before any child sees the old task's answer with the new data.
  const [formOf, setFormOf] = useState(assignment.id);
  if (formOf !== assignment.id) {
    const next = openingAnswer(shown);
    setFormOf(assignment.id);
    setStart(next);
    setHistory(startHistory(next.answer));
    setRegionState(NO_REGION_STATE);
    setActive(0);
    setProblem(null);
  }
  const timer = useRef<LeadTimer | null>(null);
  const answer = history.present;
  const state = stateFor(answer, regions);

  useEffect(() => {
    const lt = new LeadTimer();
    lt.start();
    timer.current = lt;
    return () => {
      lt.stop();
    };
  }, [assignment.id]);

  const showAnswer = (next: History<Answer>) => {
    setHistory(next);
    setProblem(null);
    saveDraft(assignment.id, next.present);
  };
  const update = (next: Answer) => showAnswer(record(history, next));
  const changeRegions = (change: Partial<RegionState>) => setRegionState((s) => ({ ...stateFor(answer, s), ...change }));
  const apply = (step: { answer: Answer; state: RegionState }) => {
    if (step.answer !== answer) update(step.answer);
    setRegionState(step.state);
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
      case 'press': {
        const outcome = pressWith(answer, action.control, action.target, state, newItemId);
        if (!outcome) return false;
        if (outcome.answer !== answer) update(outcome.answer);
        if (outcome.state) changeRegions(outcome.state);
        return true;
      }
      case 'undo':
        if (!canUndo(history)) return false;
        showAnswer(undo(history));
        return true;
      case 'redo':
        if (!canRedo(history)) return false;
        showAnswer(redo(history));
        return true;
      case 'delete': {
        const step = deleteSelected(answer, state);
        if (!step) return false;
        apply(step);
        return true;
      }
      case 'cancel': {
        const next = cancelStep(state);
        if (!next) return false;
        setRegionState(next);
        return true;
      }
      case 'move': {
        const next = moveSelection(config, answer, state, action.step);
        if (!next) return false;
        setRegionState(next);
        return true;
      }
      case 'make': {
        const step = makeWithArmed(config, answer, state, active, newItemId);
        if (!step) return false;
        apply(step);
        return true;
      }
      case 'caret': {
        const next = caretStep(config, assignment.data, state, active, action.move);
        if (!next) return false;
        setRegionState(next);
        return true;
      }
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

  const hasRegions = config.objects.some((o) => drawsOn(config, o.name));
  const caretObject = caretObjectOf(config, active);
  // Objects a control's view shows itself (a pairwise's two sides) are not shown again.
  const shownByControls = objectsShownByControls(config.controls);
  return (
    <section className="task-panel" data-testid="task" data-task-id={assignment.taskId} data-assignment-id={assignment.id}>
      <div className="task-objects">
        {start.fromPrediction && (
          <p className="prediction-note muted small" data-testid="from-prediction">
            {start.modelVersion ? t('workspace.fromPredictionOf', { model: start.modelVersion }) : t('workspace.fromPrediction')}
          </p>
        )}
        {config.objects.filter((o) => !shownByControls.has(o.name)).map((o) => {
          const draws = drawsOn(config, o.name);
          return (
            <TaskObjectView
              key={objectViewOf(o)?.keptAcrossTasks === true ? o.name : `${assignment.id}:${o.name}`}
              object={o}
              data={assignment.data}
              mediaScope={{ projectId: assignment.projectId, taskId: assignment.taskId }}
              marks={marksOn(config, answer, state, o.name)}
              drawn={state.drawn?.object === o.name ? state.drawn.value : null}
              onSelectSpan={draws ? (span) => apply(drawRegion(config, answer, state, active, o.name, span, newItemId)) : undefined}
              onMarkClick={(id) => apply(clickRegion(config, answer, state, id, newItemId))}
              gesture={draws ? gestureOn(config, state, active, o.name) : undefined}
              onDraw={draws ? (d) => apply(drawRegion(config, answer, state, active, o.name, d.value, newItemId, d)) : undefined}
              onReshape={draws ? (id, geometry) => update(reshapeRegion(config, answer, id, geometry)) : undefined}
              caret={caretObject === o.name ? caretAt(state, o.name) : undefined}
              onPlaceCaret={caretObject === o.name ? (at) => changeRegions({ caret: { object: o.name, at, anchor: null } }) : undefined}
            />
          );
        })}
      </div>
      <div className="task-controls">
        {config.controls.map((c, i) => (
          <ControlSlot
            key={`${assignment.id}:${c.name}`}
            config={config}
            control={c}
            data={assignment.data}
            answer={answer}
            active={i === active}
            onActivate={() => setActive(i)}
            onChange={update}
            regionState={state}
            onRegionState={changeRegions}
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
          <button type="button" className="btn" disabled={!canUndo(history)} onClick={() => showAnswer(undo(history))} data-testid="undo" title={t('workspace.keys.undo')}>
            ↶ <kbd>Ctrl+Z</kbd>
          </button>
          <button type="button" className="btn" disabled={!canRedo(history)} onClick={() => showAnswer(redo(history))} data-testid="redo" title={t('workspace.keys.redo')}>
            ↷ <kbd>Ctrl+Shift+Z</kbd>
          </button>
        </div>
        <KeyboardHelp multipleControls={config.controls.length > 1} regions={hasRegions} caret={caretObject !== null} />
      </div>
    </section>
  );
}
