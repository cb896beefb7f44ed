import type { z } from 'zod';
import type { XmlElement } from './xml-element.js';

/** What every object shares: its name (the `to_name` of results) and the task data key it shows. */
export interface BaseObject {
  type: string;
  name: string;
  value: string;
}

/**
 * Everything about one object type (what a task shows), owned by its folder under `objects/`: the native schema and
 * the mapping from and to its Label Studio tag. Registered once in registry.ts.
 */
export interface ObjectType<O extends BaseObject> {
  /** The native `type`. */
  readonly type: O['type'];
  /** The Label Studio tag, e.g. `Text`, `Paragraphs`. */
  readonly tag: string;
  readonly schema: z.ZodType<O, unknown>;
  /** The native object for a Label Studio element (validated afterwards by `schema`). */
  fromXml(element: XmlElement): Record<string, unknown>;
  toXml(object: O): XmlElement;
}

/** Declares an object type; the identity function keeps each folder's types exact. */
export const defineObject = <O extends BaseObject>(type: ObjectType<O>): ObjectType<O> => type;
