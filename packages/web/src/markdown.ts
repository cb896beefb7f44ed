import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * What DOMPurify's HTML profile would keep but a guideline does not need: `style` lets HTML lay a fake dialog over
 * the page ("session expired: enter your password") and `<style>` restyle the whole app or fetch addresses,
 * `class`/`id`/`name` borrow the app's own classes or clobber globals, and form elements collect what a user types
 * (GFM task-list boxes go with them; their text stays). (The XSS corpus journey, e2e/journeys/10, found the overlay.)
 */
const GUIDELINE_FORBIDDEN_ATTRIBUTES = ['style', 'class', 'id', 'name'];
const GUIDELINE_FORBIDDEN_TAGS = ['style', 'template', 'form', 'input', 'button', 'textarea', 'select', 'option', 'dialog'];

/** Renders guideline Markdown to HTML that is safe to insert: marked first, then DOMPurify removes anything active. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true }, FORBID_ATTR: GUIDELINE_FORBIDDEN_ATTRIBUTES, FORBID_TAGS: GUIDELINE_FORBIDDEN_TAGS });
}
