import type { LabelConfig } from '@biaozhu/contract';
import { NO_REGION_STATE, objectViewOf } from '@biaozhu/label-types/views';
import { useEffect } from 'react';
import { openingAnswer } from './prediction';
import { marksOn, stateFor } from './regions';
import type { Shown } from './use-annotation-loop';

/**
 * Gives each object view of the task kept in hand what it will show when that task comes on screen: its data and
 * the regions it opens with (the same answer the form will open with, openingAnswer). The image view decodes the
 * picture and paints the regions ahead, so after a submit the next image is drawn with them at once.
 */
export function usePrepareAhead(config: LabelConfig | undefined, ahead: Shown | null): void {
  useEffect(() => {
    if (!config || !ahead) return;
    const answer = openingAnswer(ahead).answer;
    const state = stateFor(answer, NO_REGION_STATE);
    const { data, projectId, taskId } = ahead.assignment;
    for (const object of config.objects) {
      const view = objectViewOf(object);
      view?.prepare?.({ object, data, mediaScope: { projectId, taskId }, marks: marksOn(config, answer, state, object.name) });
    }
  }, [config, ahead]);
}
