import type { BaseControl, ControlType } from './control-type.js';
import { choicesControl } from './controls/choices/index.js';
import { labelsControl } from './controls/labels/index.js';
import { numberControl } from './controls/number/index.js';
import { pairwiseControl } from './controls/pairwise/index.js';
import { rankingControl } from './controls/ranking/index.js';
import { ratingControl } from './controls/rating/index.js';
import { relationsControl } from './controls/relations/index.js';
import { taxonomyControl } from './controls/taxonomy/index.js';
import { textareaControl } from './controls/textarea/index.js';
import type { BaseObject, ObjectType } from './object-type.js';
import { dialogueObject } from './objects/dialogue/index.js';
import { hypertextObject } from './objects/hypertext/index.js';
import { keypointsControl } from './controls/keypoints/index.js';
import { polygonsControl } from './controls/polygons/index.js';
import { rectanglesControl } from './controls/rectangles/index.js';
import { imageObject } from './objects/image/index.js';
import { listObject } from './objects/list/index.js';
import { textObject } from './objects/text/index.js';
import type { ResultEntry } from './result-item.js';

/** Every object type, once. A new one is a folder under objects/ and a line here. */
export const OBJECT_TYPES = [textObject, imageObject, hypertextObject, dialogueObject, listObject] as const;

/** Every control type, once. A new one is a folder under controls/ and a line here. */
export const CONTROL_TYPES = [
  choicesControl,
  labelsControl,
  relationsControl,
  textareaControl,
  ratingControl,
  numberControl,
  taxonomyControl,
  pairwiseControl,
  rankingControl,
  rectanglesControl,
  polygonsControl,
  keypointsControl,
] as const;

/** A control type seen through the registry: its functions take any control, and the registry hands each its own. */
export type AnyControlType = ControlType<BaseControl, ResultEntry>;
export type AnyObjectType = ObjectType<BaseObject>;

// Each definition is typed for its own control; the maps are keyed by `type`, so a control only ever reaches its own.
const controlsByType = new Map<string, AnyControlType>(CONTROL_TYPES.map((t) => [t.type, t as unknown as AnyControlType]));
const objectsByType = new Map<string, AnyObjectType>(OBJECT_TYPES.map((t) => [t.type, t as unknown as AnyObjectType]));

/** The type definition of a control, or `undefined` for a type this version does not know. */
export function controlTypeOf(control: { type: string }): AnyControlType | undefined {
  return controlsByType.get(control.type);
}

/** The `type` a control's items carry (most controls always write one; a box control without labels writes `rectangle`). */
export function resultTypeOf(control: BaseControl): string | undefined {
  const type = controlTypeOf(control);
  return type === undefined ? undefined : (type.resultTypeOf?.(control) ?? type.resultType);
}

export function objectTypeOf(object: { type: string }): AnyObjectType | undefined {
  return objectsByType.get(object.type);
}

const byTag = <T extends { tag: string; aliasTags?: readonly string[] | undefined }>(types: readonly T[], tag: string) =>
  types.find((t) => [t.tag, ...(t.aliasTags ?? [])].some((own) => own.toLowerCase() === tag.toLowerCase()));

/** The object type a Label Studio tag maps to (tags compare case-insensitively, as in Label Studio). */
export const objectTypeForTag = (tag: string): AnyObjectType | undefined => byTag([...objectsByType.values()], tag);
export const controlTypeForTag = (tag: string): AnyControlType | undefined => byTag([...controlsByType.values()], tag);

/** The Label Studio tags the registered types read, with the tags their elements may hold. */
export const TYPE_TAGS: readonly string[] = [
  ...new Set([...OBJECT_TYPES.map((t) => t.tag), ...[...controlsByType.values()].flatMap((t) => [t.tag, ...(t.aliasTags ?? []), ...(t.childTags ?? [])])]),
];
