import { useEffect, useState } from 'react';

/**
 * Decoded images by address, shared by the workspace's prefetch of the next task and the canvas: the next task's
 * image is fetched and decoded while the worker is still on this one, so its canvas draws it at once. A few images
 * are kept (the one on screen, the one in hand, a skipped one); the oldest are let go.
 */

export type ImageState = 'loading' | 'ready' | 'error';

interface Entry {
  element: HTMLImageElement;
  state: ImageState;
  ready: Promise<void>;
}

const KEEP = 6;
const cache = new Map<string, Entry>();

/** The image at `src`, loading and decoding it unless it is cached (a failed load is tried again next time). */
export function loadImage(src: string): Entry {
  const hit = cache.get(src);
  if (hit && hit.state !== 'error') {
    cache.delete(src);
    cache.set(src, hit);
    return hit;
  }
  const element = new Image();
  element.referrerPolicy = 'no-referrer';
  element.decoding = 'async';
  element.src = src;
  const entry: Entry = { element, state: 'loading', ready: Promise.resolve() };
  entry.ready = element.decode().then(
    () => {
      entry.state = 'ready';
    },
    () => {
      // decode() also refuses an image that loaded but could not be decoded ahead of time; it still draws then.
      entry.state = element.complete && element.naturalWidth > 0 ? 'ready' : 'error';
    },
  );
  cache.set(src, entry);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value as string);
  return entry;
}

/** Starts fetching and decoding an image the worker will see next. */
export function prefetchImage(src: string): void {
  loadImage(src);
}

/** The image at `src` for a component: its element once decoded (at once when prefetched), or why there is none yet. */
export function useLoadedImage(src: string): { state: ImageState; element: HTMLImageElement | null } {
  const [shown, setShown] = useState(() => {
    const entry = loadImage(src);
    return { src, entry };
  });
  const current = shown.src === src ? shown : { src, entry: loadImage(src) };
  useEffect(() => {
    let live = true;
    const entry = loadImage(src);
    setShown((s) => (s.src === src && s.entry === entry ? s : { src, entry }));
    void entry.ready.then(() => {
      if (live) setShown({ src, entry });
    });
    return () => {
      live = false;
    };
  }, [src]);
  // The entry's state changes when it decodes; setShown above renders again then.
  const state = current.entry.state;
  return { state, element: state === 'ready' ? current.entry.element : null };
}
