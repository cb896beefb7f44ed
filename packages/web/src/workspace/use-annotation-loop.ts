import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultItem } from '@biaozhu/contract';
import { api, ApiError } from '../api';
import type { Assignment, Progress, SubmitBody } from '../api-types';
import { uuid } from '../random-id';
import type { Selections } from './build-result';
import { submitQueue } from './submit-queue';

export interface Shown {
  assignment: Assignment;
  /** One idempotency key per assignment: every resend of its answer uses it. */
  idempotencyKey: string;
  /** Picks to restore when the server refused an answer the worker must fix. */
  initial: Selections;
}

export type LoopState =
  | { kind: 'loading' }
  | { kind: 'task'; shown: Shown }
  | { kind: 'none'; reason: string }
  | { kind: 'error'; error: unknown };

/**
 * The annotator loop: ask for a task, show it, submit (queued, retried until it lands) or skip, ask again.
 * The next task is requested as soon as the previous answer landed, because the server hands a worker the task
 * they still hold; the form is cleared at once so the worker never waits on the submit itself.
 */
export function useAnnotationLoop(projectId: string) {
  const [state, setState] = useState<LoopState>({ kind: 'loading' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const [sessionCount, setSessionCount] = useState(0);
  const [notice, setNotice] = useState<unknown>(null);
  const generation = useRef(0);
  const alive = useRef(true);

  const loadNext = useCallback(async () => {
    // Once the worker has left the page, asking for a task would only lock one they will not see.
    if (!alive.current) return;
    const gen = ++generation.current;
    setState({ kind: 'loading' });
    try {
      await submitQueue.whenIdle();
      const r = await api.next(projectId);
      if (gen !== generation.current) return;
      if (r.kind === 'none') {
        setState({ kind: 'none', reason: r.reason });
        return;
      }
      setProgress(r.progress);
      setState({ kind: 'task', shown: { assignment: r.assignment, idempotencyKey: uuid(), initial: {} } });
    } catch (e) {
      if (gen === generation.current) setState({ kind: 'error', error: e });
    }
  }, [projectId]);

  useEffect(() => {
    alive.current = true;
    void loadNext();
    return () => {
      alive.current = false;
      generation.current++;
    };
  }, [loadNext]);

  const submit = useCallback(
    (shown: Shown, result: ResultItem[], selections: Selections, leadTimeMs: number) => {
      setNotice(null);
      const gen = ++generation.current;
      setState({ kind: 'loading' });
      const body: SubmitBody = { result, leadTimeMs, idempotencyKey: shown.idempotencyKey };
      const version = shown.assignment.guidelineVersion;
      if (typeof version === 'number' && version > 0) body.guidelineVersion = version;
      void submitQueue.add({ projectId, assignmentId: shown.assignment.id, body }).then((outcome) => {
        if (outcome.ok) {
          setSessionCount((c) => c + 1);
          setProgress((p) => (p ? { ...p, submittedByMe: p.submittedByMe + 1 } : p));
          if (gen === generation.current) void loadNext();
          return;
        }
        setNotice(outcome.error);
        if (gen !== generation.current) return;
        if (outcome.error.status === 400 || outcome.error.status === 422) {
          // The answer itself is wrong (e.g. a required control): give the task back with the picks kept.
          setState({ kind: 'task', shown: { ...shown, initial: selections } });
        } else {
          void loadNext();
        }
      });
    },
    [projectId, loadNext],
  );

  const skip = useCallback(
    async (shown: Shown) => {
      setNotice(null);
      setState({ kind: 'loading' });
      try {
        await api.skip(shown.assignment.id);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409)) setNotice(e);
      }
      await loadNext();
    },
    [loadNext],
  );

  return { state, progress, sessionCount, notice, setNotice, loadNext, submit, skip };
}
