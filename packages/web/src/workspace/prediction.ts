import { isRelationItem, type ResultEntry } from '@biaozhu/contract';
import type { Answer } from './build-result';
import { loadDraft } from './drafts';
import { newItemId } from './control-slot';
import type { Shown } from './use-annotation-loop';

/** The answer a task opens with, and whether it came from the model's prediction (the workspace says so). */
export interface StartingAnswer {
  answer: Answer;
  fromPrediction: boolean;
  modelVersion: string | null;
}

/**
 * What the worker starts from: an answer the server refused (to be fixed), else the draft saved before a reload,
 * else the latest prediction of the task as an editable pre-annotation, else nothing. Prediction items without an id
 * get one, so spans can be selected, related and deleted like the worker's own; relations keep theirs.
 */
export function startingAnswer(shown: Shown, draft: Answer | null, newId: () => string): StartingAnswer {
  if (shown.initial.length > 0) return { answer: shown.initial, fromPrediction: false, modelVersion: null };
  if (draft) return { answer: draft, fromPrediction: false, modelVersion: null };
  const prediction = shown.assignment.prediction;
  if (!prediction || prediction.result.length === 0) return { answer: [], fromPrediction: false, modelVersion: null };
  return { answer: prediction.result.map((e) => withId(e, newId)), fromPrediction: true, modelVersion: prediction.modelVersion };
}

const withId = (entry: ResultEntry, newId: () => string): ResultEntry => (isRelationItem(entry) || entry.id !== undefined ? entry : { ...entry, id: newId() });

/**
 * The answer a shown task opens with, made once per task: the workspace makes it ahead for the task in hand (to
 * paint its regions before it is shown, prepare-ahead.ts), and the form then opens with the very same answer, ids
 * and all. A task handed back to be fixed is a new `Shown`, so it is not taken from here.
 */
const opened = new WeakMap<Shown, StartingAnswer>();
export function openingAnswer(shown: Shown): StartingAnswer {
  let start = opened.get(shown);
  if (!start) {
    start = startingAnswer(shown, loadDraft(shown.assignment.id), newItemId);
    opened.set(shown, start);
  }
  return start;
}
