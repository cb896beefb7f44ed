import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';
import { hypertextPurifyConfig, policeElement } from './sanitise-policy.js';

/**
 * Task HTML through DOMPurify with the hypertext policy (sanitise-policy.ts). Browser only: DOMPurify needs a DOM,
 * and without one it would hand the HTML back untouched, so then the caller gets null and shows the HTML as text.
 */

let purifier: Purifier | null = null;

/** An instance of our own, so the policy's hook never runs on the guideline's DOMPurify (and the reverse). */
function hypertextPurifier(): Purifier | null {
  if (purifier) return purifier;
  if (typeof window === 'undefined') return null;
  const instance = DOMPurify(window);
  if (!instance.isSupported) return null;
  instance.addHook('afterSanitizeAttributes', (element) => policeElement(element));
  purifier = instance;
  return instance;
}

const CONFIG: Config & { RETURN_DOM_FRAGMENT: true } = {
  ...hypertextPurifyConfig,
  ALLOWED_TAGS: [...hypertextPurifyConfig.ALLOWED_TAGS],
  ALLOWED_ATTR: [...hypertextPurifyConfig.ALLOWED_ATTR],
  FORBID_CONTENTS: [...hypertextPurifyConfig.FORBID_CONTENTS],
  ALLOWED_NAMESPACES: [...hypertextPurifyConfig.ALLOWED_NAMESPACES],
  // Nodes, not a string: inserting them needs no second HTML parse, where mutation XSS would live.
  RETURN_DOM_FRAGMENT: true,
};

/** The task HTML as inert nodes of this document, or null where no DOM can sanitise it. */
export function sanitiseHypertext(html: string): DocumentFragment | null {
  const instance = hypertextPurifier();
  if (!instance) return null;
  return instance.sanitize(html, CONFIG);
}
