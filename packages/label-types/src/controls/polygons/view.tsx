import { imageRegionView } from '../image-region-view.js';
import { polygonKind } from './edit.js';
import type { PolygonsControl } from './schema.js';

/** The polygons control in the workspace: its labels and region list here, its regions on the image's canvas. */
export const polygonsView = imageRegionView<PolygonsControl>(polygonKind);
