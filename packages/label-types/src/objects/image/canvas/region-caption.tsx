import Konva from 'konva';
import { useCallback, useState } from 'react';
import { Label, Tag, Text } from 'react-konva';
import type { SpanMark } from '../../../region-state.js';
import { captionAnchor } from './geometry.js';
import type { Size } from './viewport.js';

/**
 * A region's label drawn on the image beside its shape, as the worker reads it without looking at the region list:
 * white text on a tag of the label's colour at the region's top-left corner (a box's own corner, turning with it;
 * a polygon's topmost vertex; beside a point). The text is sized in image pixels, CAPTION_PX screen pixels at the
 * scale that fits the image, so it grows and shrinks with the zoom like the shapes (and is painted from the same
 * gesture bitmap while the view moves). It never listens: a press goes to the region under it.
 */

/** The caption's text height, in screen pixels at the fitting scale. */
export const CAPTION_PX = 11;

/** The caption's text size in image pixels for the scale that fits the image. */
export const captionSizeAt = (scale: number) => (scale > 0 ? CAPTION_PX / scale : CAPTION_PX);

/**
 * The Konva configs of one caption (a Label holding a Tag and a Text), or null for a region without a shape or label.
 * `region` is what the region's shape is drawn with (staticRegionAttrs): the caption shows with it, in its colour.
 */
export function captionConfig(mark: SpanMark, image: Size, fontSize: number, minRadius: number, region: { visible: boolean; stroke: string }) {
  const shape = mark.shape;
  if (!shape || mark.caption === '') return null;
  const at = captionAnchor(shape, image, fontSize * 1.4, minRadius);
  return {
    label: { ...at, visible: region.visible, listening: false, opacity: 0.9, name: 'region-caption' },
    tag: { fill: region.stroke, perfectDrawEnabled: false },
    text: { text: mark.caption, fontSize, padding: fontSize * 0.2, fill: '#ffffff', fontFamily: 'system-ui, sans-serif', perfectDrawEnabled: false },
  };
}

type CaptionConfig = NonNullable<ReturnType<typeof captionConfig>>;

/** A caption on the static layer. */
export function RegionCaption({ config }: { config: CaptionConfig }) {
  return (
    <Label {...config.label}>
      <Tag {...config.tag} />
      <Text {...config.text} />
    </Label>
  );
}

/** The same caption as a Konva node of its own (the painted preview of the next image, region-preview.tsx). */
export function captionNode(config: CaptionConfig): Konva.Label {
  const label = new Konva.Label(config.label);
  label.add(new Konva.Tag(config.tag));
  label.add(new Konva.Text(config.text));
  return label;
}

const STORAGE_KEY = 'biaozhu.image.captions';

function savedCaptions(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== 'off';
  } catch {
    return true;
  }
}

/** Whether captions are shown (on unless the worker turned them off; remembered in this browser). */
export function useCaptionsShown(): [boolean, (on: boolean) => void] {
  const [shown, setShown] = useState(savedCaptions);
  const set = useCallback((on: boolean) => {
    setShown(on);
    try {
      localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // storage unavailable (private mode): the choice lasts for this page
    }
  }, []);
  return [shown, set];
}
