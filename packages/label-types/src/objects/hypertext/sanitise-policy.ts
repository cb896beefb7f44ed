/**
 * What of a task's HTML the workspace keeps (Label Studio `HyperText`). Task data is untrusted: anyone who can import
 * tasks writes it, and an annotator or reviewer opens it signed in. So the policy is an allow list, checked by
 * DOMPurify (sanitise.ts), and everything here is plain data and functions, free of the DOM, so it is tested in node.
 *
 * Kept: text formatting, headings, lists, tables, quotes, code, ruby (Chinese annotations), links and pictures.
 * Dropped with their content: scripts, styles, forms, frames, embedded objects, SVG and MathML (both carry script and
 * parser-confusion vectors of their own), templates and `noscript` (the mXSS classics). Dropped attributes: every
 * event handler, `style` (CSS can load addresses and lay a fake dialog over the workspace), `class` and `id`/`name`
 * (they would borrow the app's own classes, and ids clobber `window` globals).
 */

/** The elements that stay; anything else is removed and its text kept (unless listed in `HYPERTEXT_DROPPED_TAGS`). */
export const HYPERTEXT_ALLOWED_TAGS: readonly string[] = [
  'p', 'br', 'hr', 'div', 'span', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'dfn', 'q', 'cite',
  'code', 'pre', 'kbd', 'samp', 'var', 'blockquote', 'bdi', 'bdo', 'wbr', 'ruby', 'rt', 'rp', 'time',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'a', 'img', 'figure', 'figcaption', 'details', 'summary',
  'article', 'section', 'header', 'footer', 'aside',
];

/** Elements removed together with everything inside them (their content is code, or a way to smuggle markup). */
export const HYPERTEXT_DROPPED_TAGS: readonly string[] = [
  'script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'xmp', 'plaintext', 'textarea', 'title',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'portal', 'fencedframe',
  'form', 'input', 'button', 'select', 'option', 'datalist', 'output', 'fieldset', 'legend', 'label',
  'svg', 'math', 'meta', 'base', 'link', 'head', 'audio', 'video', 'source', 'track', 'picture', 'canvas',
  'dialog', 'slot', 'marquee', 'isindex',
  // DOMPurify's own list, for when such an element turns up outside its SVG or MathML parent.
  'annotation-xml', 'desc', 'foreignobject', 'mi', 'mn', 'mo', 'ms', 'mtext',
];

/**
 * The attributes that stay. `target`, `rel`, `referrerpolicy` and `loading` are not among them: the policy writes
 * them itself (`policeElement`), whatever the task said.
 */
export const HYPERTEXT_ALLOWED_ATTRIBUTES: readonly string[] = [
  'href', 'src', 'alt', 'title', 'width', 'height', 'lang', 'dir', 'colspan', 'rowspan', 'scope', 'abbr',
  'start', 'reversed', 'datetime', 'open',
];

/** The schemes a link may use; anything else (javascript:, data:, vbscript:, file:, relative addresses) loses its href. */
export const LINK_SCHEMES: readonly string[] = ['http:', 'https:', 'mailto:'];
/** The schemes a picture may load from: web addresses only (a data: image could be an SVG document, and is big). */
export const IMAGE_SCHEMES: readonly string[] = ['http:', 'https:'];

/**
 * The address an attribute really points to, if it uses one of `schemes`, else null. The browser's URL parser decides
 * (it drops the control characters, tabs and newlines that `java\tscript:` hides behind), so what is checked is what
 * a click would open; relative addresses have no scheme and are refused (they would open pages of Biaozhu itself).
 */
export function allowedUrl(value: string | null, schemes: readonly string[]): string | null {
  if (value === null) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!schemes.includes(url.protocol)) return null;
  // The parsed form, not the raw text: that is the address that is opened.
  return url.href;
}

/** The part of a DOM element the policy touches, so the policy runs (and is tested) without a DOM. */
export interface PolicedElement {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
}

/**
 * Runs on every element DOMPurify kept, after its attributes were filtered: links get a checked href and open in a
 * new tab that cannot reach back to the workspace (`noopener`) and is not told where it came from (`noreferrer`);
 * pictures load only from web addresses and send no referrer.
 */
export function policeElement(el: PolicedElement): void {
  const tag = el.tagName.toLowerCase();
  if (tag === 'a') {
    const href = allowedUrl(el.getAttribute('href'), LINK_SCHEMES);
    if (href === null) el.removeAttribute('href');
    else el.setAttribute('href', href);
    el.setAttribute('target', '_blank');
    el.setAttribute('rel', 'noopener noreferrer');
  } else if (tag === 'img') {
    const src = allowedUrl(el.getAttribute('src'), IMAGE_SCHEMES);
    if (src === null) el.removeAttribute('src');
    else el.setAttribute('src', src);
    el.setAttribute('referrerpolicy', 'no-referrer');
    el.setAttribute('loading', 'lazy');
  } else {
    // `href` and `src` mean an address only on links and pictures; elsewhere they are noise or a trick.
    el.removeAttribute('href');
    el.removeAttribute('src');
  }
}

/**
 * DOMPurify's settings for task HTML (the shape of its `Config`, kept free of its types so this file needs no DOM).
 *
 * DOMPurify tests the value of every kept attribute it does not know as free text (so `width`, `colspan`, `lang`, not
 * only `href` and `src`) against `ALLOWED_URI_REGEXP`. The pattern is therefore DOMPurify's own with its other
 * schemes taken out: a value that starts like `scheme:` passes only as http, https or mailto; values without a scheme
 * (`2`, `ltr`, a relative address) pass, and `policeElement` then decides on `href` and `src`.
 */
export const hypertextPurifyConfig = {
  ALLOWED_TAGS: [...HYPERTEXT_ALLOWED_TAGS],
  ALLOWED_ATTR: [...HYPERTEXT_ALLOWED_ATTRIBUTES],
  FORBID_CONTENTS: [...HYPERTEXT_DROPPED_TAGS],
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  // Only HTML: with the SVG and MathML namespaces gone, no foreign-content parsing tricks survive.
  ALLOWED_NAMESPACES: ['http://www.w3.org/1999/xhtml'],
  SAFE_FOR_XML: true,
  SANITIZE_DOM: true,
  WHOLE_DOCUMENT: false,
  KEEP_CONTENT: true,
} as const;
