import { aboutItsObject, defineControl } from '../../control-type.js';
import { keypointsControlSchema, type KeypointsControl } from './schema.js';
import { validateKeypoint } from './validate.js';
import { keypointsXml } from './xml.js';

export type { KeypointsControl } from './schema.js';

/**
 * Image regions: per-region controls and relations point at them by `id`; an answer holds many. Items are
 * `keypointlabels` (`keypoint` for the plain `<KeyPoint>` tag, a control without labels).
 */
export const keypointsControl = defineControl<KeypointsControl>({
  ...aboutItsObject,
  type: 'keypoints',
  tag: 'KeyPointLabels',
  aliasTags: ['KeyPoint'],
  childTags: ['Label'],
  schema: keypointsControlSchema,
  resultType: 'keypointlabels',
  resultTypeOf: (control) => (control.labels.length === 0 ? 'keypoint' : 'keypointlabels'),
  targetTypes: ['image'],
  makesRegions: true,
  many: true,
  ...keypointsXml,
  validate: validateKeypoint,
});
