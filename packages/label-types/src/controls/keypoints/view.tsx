import { imageRegionView } from '../image-region-view.js';
import { keypointKind } from './edit.js';
import type { KeypointsControl } from './schema.js';

/** The keypoints control in the workspace: its labels and region list here, its regions on the image's canvas. */
export const keypointsView = imageRegionView<KeypointsControl>(keypointKind);
