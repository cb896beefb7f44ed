import type { z } from 'zod';
import type { ResultIssue } from './issues.js';
import type { BaseObject } from './object-type.js';
import type { ResultEntry, ResultItem } from './result-item.js';
import type { XmlElement } from './xml-element.js';

/** What every control shares: its name (the `from_name` of results) and an optional heading. */
export interface BaseControl {
  type: string;
  name: string;
  label?: string | undefined;
}

/** What a control's `validate` may look at besides the item: the rest of the answer and the task. */
export interface ValidationContext {
  /** The task data an object shows (`data[object.value]`), or `undefined` when there is no such object or key. */
  dataOf(objectName: string): unknown;
  /** The object named `name` in the config. */
  objectNamed(name: string): BaseObject | undefined;
  /** The region item (a span, ...) with this id in the same answer. */
  region(id: string): ResultItem | undefined;
  /** The whole answer, for checks across items (a relation given twice). */
  readonly entries: readonly ResultEntry[];
}

/**
 * Everything about one control type (what is answered), owned by its folder under `controls/`: its schema, its
 * Label Studio tag both ways, and the checks on one result item. Registered once in registry.ts; nothing else
 * switches on the type.
 */
export interface ControlType<C extends BaseControl, I extends ResultEntry = ResultItem> {
  /** The native `type`. */
  readonly type: C['type'];
  /** The Label Studio tag, e.g. `Choices`, `Ranker`. */
  readonly tag: string;
  /** Other Label Studio tags read into this type (`Rectangle`, the plain form of `RectangleLabels`). */
  readonly aliasTags?: readonly string[] | undefined;
  /** The tags its element may hold (`Choice`), listed with the supported tags in error messages. */
  readonly childTags?: readonly string[] | undefined;
  readonly schema: z.ZodType<C, unknown>;
  /** The `type` of the result items it writes (Label Studio's name: `ranker` for the ranking control). */
  readonly resultType: string;
  /** The item type of one control when it depends on the control (`rectangle` for a box control without labels). */
  resultTypeOf?(control: C): string;
  /** The object types it can apply to; `undefined` for any. */
  readonly targetTypes?: readonly string[] | undefined;
  /**
   * How its items find it: `by-name` through `from_name` (every control but one), or `by-type` for items that carry
   * no `from_name` (Label Studio's relations).
   */
  readonly matchedBy: 'by-name' | 'by-type';
  /** Items of this control are regions that other items point at by `id` (spans). */
  readonly makesRegions: boolean;
  /** Whether an answer may hold many of its items (spans, relations) or one (per region, when `perRegion`). */
  readonly many: boolean;
  /** The native control for a Label Studio element (validated afterwards by `schema`); `label` comes from a `<Header>`. */
  fromXml(element: XmlElement, label: string | undefined): Record<string, unknown>;
  toXml(control: C): XmlElement;
  /** The names of the objects it points at (checked to exist). */
  targets(control: C): readonly string[];
  /** The `to_name` its items must carry; `undefined` when its items have none. */
  resultToName(control: C): string | undefined;
  /** True when the control answers about each region rather than the whole task. */
  perRegion(control: C): boolean;
  required(control: C): boolean;
  /** The problems with one of its items; `at` is the item's path, `result[3]`. Pure: no exceptions for bad input. */
  validate(item: I, at: string, control: C, context: ValidationContext): ResultIssue[];
  /** Whether the item holds an answer (an empty choice list does not). */
  answers(item: I): boolean;
}

/** Declares a control type; the identity function keeps each folder's types exact. */
export const defineControl = <C extends BaseControl, I extends ResultEntry = ResultItem>(type: ControlType<C, I>): ControlType<C, I> => type;

/**
 * The usual shape of a control, spread into its definition: found by `from_name`, one item per answer (or per region
 * when it has `perRegion`) about the object its `toName` names, required when its `required` says so.
 */
export const aboutItsObject = {
  matchedBy: 'by-name' as const,
  makesRegions: false,
  many: false,
  targets: (c: BaseControl & { toName: string }) => [c.toName],
  resultToName: (c: BaseControl & { toName: string }) => c.toName,
  perRegion: (c: BaseControl & { perRegion?: boolean | undefined }) => c.perRegion === true,
  required: (c: BaseControl & { required: boolean }) => c.required,
  answers: () => true,
};
