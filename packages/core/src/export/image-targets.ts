import type { LabelConfig } from '@biaozhu/contract';

/** One category of an image export: a label of the config's region controls, numbered in config order from 0. */
export interface ImageCategory {
  index: number;
  name: string;
  /** Whether a keypoint control offers this label (COCO then describes it as a one-point keypoint category). */
  keypoint: boolean;
}

/** What an image export reads from a label config: the image object regions are drawn on and the categories. */
export interface ImageTarget {
  /** The image object's name (the `to_name` of its region results) and the task data key of its image. */
  object: string;
  dataKey: string;
  /** The region controls (rectangles, polygons, keypoints) on that image. */
  controls: ReadonlySet<string>;
  /** Whether one of them draws polygons (YOLO then writes every region as a segmentation line). */
  polygons: boolean;
  categories: ImageCategory[];
  /** Category index by label. */
  categoryOf: ReadonlyMap<string, number>;
}

/** The region controls' types and the shape each draws (packages/label-types/src/controls/<type>/). */
const REGION_CONTROLS: Record<string, 'box' | 'polygon' | 'keypoint'> = {
  rectangles: 'box',
  polygons: 'polygon',
  keypoints: 'keypoint',
};

/**
 * The first image object of the config that region controls draw on, with its categories: every label of those
 * controls in config order (controls in their order, labels in theirs), a label offered by several controls counted
 * once. Null when the config has no such image: the image formats have nothing to write.
 */
export function imageTarget(config: LabelConfig): ImageTarget | null {
  for (const o of config.objects) {
    if (o.type !== 'image') continue;
    const controls = config.controls.filter((c) => REGION_CONTROLS[c.type] !== undefined && 'toName' in c && c.toName === o.name);
    if (controls.length === 0) continue;
    const categories: ImageCategory[] = [];
    const categoryOf = new Map<string, number>();
    for (const c of controls) {
      const labels = (c as { labels?: readonly { value: string }[] }).labels ?? [];
      for (const { value } of labels) {
        let index = categoryOf.get(value);
        if (index === undefined) {
          index = categories.length;
          categoryOf.set(value, index);
          categories.push({ index, name: value, keypoint: false });
        }
        if (REGION_CONTROLS[c.type] === 'keypoint') categories[index]!.keypoint = true;
      }
    }
    return {
      object: o.name,
      dataKey: o.value,
      controls: new Set(controls.map((c) => c.name)),
      polygons: controls.some((c) => REGION_CONTROLS[c.type] === 'polygon'),
      categories,
      categoryOf,
    };
  }
  return null;
}
