import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResultEntry } from '@biaozhu/contract';
import { api, ApiError } from '../api';
import type { Assignment, Progress, SubmitBody } from '../api-types';
import { uuid } from '../random-id';
import type { Answer } from './build-result';
import { submitQueue } from './submit-queue';

export interface Shown {
  assignment: Assignment;
  /** One idempotency key per assignment: every resend of its answer uses it. */
  idempotencyKey: string;
  /** The answer to restore when the server refused it and the worker must fix it. */
  initial: Answer;
}

export type LoopState =
  | { kind: 'loading' }
  | { kind: 'task'; shown: Shown }
  | { kind: 'none'; reason: string }
  | { kind: 'error'; error: unknown };

const fresh = (assignment: Assignment): Shown => ({ assignment, idempotencyKey: uuid(), initial: [] });

/**
 * The annotator loop: ask for a task, show it, submit (queued, retried until it lands) or skip, show the next.
 *
 * The next task is fetched before the current one is submitted: once a task is on screen and no answer is in flight,
 * a second one is leased with `next?mode=ahead` and kept in hand (`ahead`). Enter shows it at once while the answer
 * goes through the submit queue; once that answer landed, the one after is fetched. The prefetch waits for the queue
 * because the server hands a worker the tasks they still hold: asked while an answer is in flight, it would return
 * the task already on screen. Without a task in hand (none left, or the worker was faster than the network) the loop
 * waits for the queue and asks for the current task, as before.
 */
export function useAnnotationLoop(projectId: string) {
  const [state, setState] = useState<LoopState>({ kind: 'loading' });
  const [ahead, setAheadState] = useState<Shown | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [sessionCount, setSessionCount] = useState(0);
  const [notice, setNotice] = useState<unknown>(null);
  /** Raised whenever the task on screen changes hands, so late answers know whether the worker moved on. */
  const generation = useRef(0);
  /** Raised to drop the answer of a prefetch that is no longer wanted. */
  const prefetchGen = useRef(0);
  const alive = useRef(true);
  const shownRef = useRef<Shown | null>(null);
  const aheadRef = useRef<Shown | null>(null);

  const setAhead = useCallback((next: Shown | null) => {
    aheadRef.current = next;
    setAheadState(next);
  }, []);

  const show = useCallback((next: Shown) => {
    shownRef.current = next;
    if (aheadRef.current?.assignment.id === next.assignment.id) setAhead(null);
    setState({ kind: 'task', shown: next });
  }, [setAhead]);

  const showNothing = useCallback((next: LoopState) => {
    shownRef.current = null;
    setState(next);
  }, []);

  const prefetch = useCallback(async () => {
    if (!alive.current || aheadRef.current) return;
    const token = ++prefetchGen.current;
    try {
      await submitQueue.whenIdle();
      if (token !== prefetchGen.current || !alive.current || !shownRef.current) return;
      const r = await api.next(projectId, 'ahead');
      // 204 (nothing more now) is fine: after this task is submitted the loop asks again and shows the reason.
      if (token !== prefetchGen.current || r.kind === 'none') return;
      setProgress(r.progress);
      if (r.assignment.id === shownRef.current?.assignment.id) return;
      setAhead(fresh(r.assignment));
    } catch {
      // Only the head start is lost: the next task is then asked for after the submit.
    }
  }, [projectId, setAhead]);

  const loadNext = useCallback(async () => {
    // Once the worker has left the page, asking for a task would only lock one they will not see.
    if (!alive.current) return;
    const gen = ++generation.current;
    prefetchGen.current++;
    showNothing({ kind: 'loading' });
    try {
      await submitQueue.whenIdle();
      const r = await api.next(projectId);
      if (gen !== generation.current) return;
      if (r.kind === 'none') {
        setAhead(null);
        showNothing({ kind: 'none', reason: r.reason });
        return;
      }
      setProgress(r.progress);
      show(fresh(r.assignment));
      void prefetch();
    } catch (e) {
      if (gen === generation.current) showNothing({ kind: 'error', error: e });
    }
  }, [projectId, prefetch, show, showNothing, setAhead]);

  useEffect(() => {
    alive.current = true;
    void loadNext();
    return () => {
      alive.current = false;
      generation.current++;
      prefetchGen.current++;
    };
  }, [loadNext]);

  /** Moves on from the task on screen: to the one in hand at once, else to "loading". Returns that one, if any. */
  const moveOn = useCallback((): Shown | null => {
    const next = aheadRef.current;
    generation.current++;
    prefetchGen.current++;
    if (next) {
      setAhead(null);
      show(next);
    } else {
      showNothing({ kind: 'loading' });
    }
    return next;
  }, [setAhead, show, showNothing]);

  const submit = useCallback(
    (shown: Shown, result: ResultEntry[], leadTimeMs: number) => {
      setNotice(null);
      const body: SubmitBody = { result, leadTimeMs, idempotencyKey: shown.idempotencyKey };
      const version = shown.assignment.guidelineVersion;
      if (typeof version === 'number' && version > 0) body.guidelineVersion = version;
      // The workspace opens a task with a prediction on it (prediction.ts), and a draft or a refused answer descends
      // from that start, so the answer started from the prediction whenever the task came with one.
      const prediction = shown.assignment.prediction;
      if (prediction && prediction.result.length > 0) body.predictionId = prediction.id;
      const landed = submitQueue.add({ projectId, assignmentId: shown.assignment.id, body });
      const replacement = moveOn();
      const gen = generation.current;
      const carryOn = () => void (replacement ? prefetch() : loadNext());
      void landed.then((outcome) => {
        if (outcome.ok) {
          setSessionCount((c) => c + 1);
          setProgress((p) => (p ? { ...p, submittedByMe: p.submittedByMe + 1 } : p));
          if (gen === generation.current) carryOn();
          return;
        }
        setNotice(outcome.error);
        if (gen !== generation.current) return;
        if (outcome.error.status === 400 || outcome.error.status === 422) {
          // The answer itself is wrong (e.g. a required control): give the task back with the answer kept; the one
          // shown meanwhile goes back in hand (its answer is kept as a draft).
          generation.current++;
          show({ ...shown, initial: result });
          if (replacement) setAhead(replacement);
          else void prefetch();
        } else {
          carryOn();
        }
      });
    },
    [projectId, loadNext, prefetch, moveOn, setAhead, show],
  );

  const skip = useCallback(
    async (shown: Shown) => {
      setNotice(null);
      const replacement = moveOn();
      const gen = generation.current;
      try {
        await api.skip(shown.assignment.id);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 409)) setNotice(e);
      }
      if (gen !== generation.current) return;
      if (replacement) await prefetch();
      else await loadNext();
    },
    [loadNext, prefetch, moveOn],
  );

  /** The lease on the task in hand was lost (heartbeat refused): forget it and fetch another. */
  const dropAhead = useCallback((assignmentId: number) => {
    if (aheadRef.current?.assignment.id !== assignmentId) return;
    setAhead(null);
    void prefetch();
  }, [prefetch, setAhead]);

  return { state, ahead, progress, sessionCount, notice, setNotice, loadNext, submit, skip, dropAhead };
}
