import DOMPurify from 'dompurify';
import { marked } from 'marked';

/** Renders guideline Markdown to HTML that is safe to insert: marked first, then DOMPurify removes anything active. */
export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true, breaks: false });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
