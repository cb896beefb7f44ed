import { imageRegionView } from '../image-region-view.js';
import { rectangleKind } from './edit.js';
import type { RectanglesControl } from './schema.js';

/** The rectangles control in the workspace: its labels and region list here, its regions on the image's canvas. */
export const rectanglesView = imageRegionView<RectanglesControl>(rectangleKind);
