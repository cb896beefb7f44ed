import { useSyncExternalStore } from 'react';
import { submitQueue, type QueueState } from './submit-queue';

/** The live state of the submit queue (pending count, retrying), for the "saving…" indicator. */
export function useSubmitQueue(): QueueState {
  return useSyncExternalStore((l) => submitQueue.subscribe(l), submitQueue.getState);
}
