import type { LabelConfig } from '@biaozhu/contract';
import { prefetchImage, safeImageUrl } from '@biaozhu/label-types/views';
import { useEffect } from 'react';
import type { Shown } from './use-annotation-loop';

/** The addresses of a task's images that the workspace would load (its image objects' values that pass safeImageUrl). */
export function imagesOf(config: LabelConfig, data: Readonly<Record<string, unknown>>): string[] {
  return config.objects.flatMap((o) => {
    if (o.type !== 'image') return [];
    const src = safeImageUrl(data[o.value]);
    return src === null ? [] : [src];
  });
}

/**
 * Fetches and decodes the images of the task kept in hand while the worker is on this one, so that after a submit
 * the next image is drawn at once (the canvas takes the decoded image from the same cache).
 */
export function usePrefetchImages(config: LabelConfig | undefined, ahead: Shown | null): void {
  const data = ahead?.assignment.data;
  useEffect(() => {
    if (!config || !data) return;
    for (const src of imagesOf(config, data)) prefetchImage(src);
  }, [config, data]);
}
