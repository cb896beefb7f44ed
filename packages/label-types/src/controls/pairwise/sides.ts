import { displayText } from '../../objects/display-text.js';
import type { BaseObject } from '../../object-type.js';

/** One side of a pairwise as shown: its object's name and heading, and its data as plain text. */
export interface SideContent {
  name: string;
  title: string | null;
  text: string;
}

/**
 * The text of one side: `data[object.value]`, strings as they are, other values as JSON. HTML is never
 * interpreted: `htmlToText` (the view passes the browser's parser, which runs no scripts) turns a hypertext side
 * into its words.
 */
export function sideContent(
  name: string,
  objects: readonly BaseObject[],
  data: Readonly<Record<string, unknown>>,
  htmlToText: (html: string) => string,
): SideContent {
  const object = objects.find((o) => o.name === name);
  if (object === undefined) return { name, title: null, text: '' };
  const value = data[object.value];
  const title = 'title' in object && typeof object.title === 'string' ? object.title : null;
  const text = object.type === 'hypertext' && typeof value === 'string' ? htmlToText(value) : displayText(value);
  return { name, title, text };
}
