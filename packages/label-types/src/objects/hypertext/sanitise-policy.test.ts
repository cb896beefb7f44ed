import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allowedUrl,
  HYPERTEXT_ALLOWED_ATTRIBUTES,
  HYPERTEXT_ALLOWED_TAGS,
  HYPERTEXT_DROPPED_TAGS,
  hypertextPurifyConfig,
  IMAGE_SCHEMES,
  LINK_SCHEMES,
  policeElement,
  type PolicedElement,
} from './sanitise-policy.js';

// DOMPurify needs a DOM, which node has not: what it does with this policy is checked in Chromium
// (sanitise-in-chromium.test.ts, and in the app by e2e/journeys/10-xss-corpus.mjs). Here: the policy's own
// decisions, on the same corpus's addresses.
const corpus = JSON.parse(readFileSync(new URL('../../../../../e2e/fixtures/xss-payloads.json', import.meta.url), 'utf8')) as {
  urls: { id: string; url: string }[];
};

/** An element as the policy sees it: a tag and its attributes. */
class Element implements PolicedElement {
  readonly attributes = new Map<string, string>();
  constructor(
    readonly tagName: string,
    attributes: Record<string, string> = {},
  ) {
    for (const [k, v] of Object.entries(attributes)) this.attributes.set(k, v);
  }
  getAttribute(name: string) {
    return this.attributes.get(name) ?? null;
  }
  setAttribute(name: string, value: string) {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string) {
    this.attributes.delete(name);
  }
}

describe('hypertext sanitiser policy', () => {
  it('keeps web and mail links, as the browser would open them', () => {
    expect(allowedUrl('https://example.com/a?b=1#c', LINK_SCHEMES)).toBe('https://example.com/a?b=1#c');
    expect(allowedUrl('HTTP://Example.com', LINK_SCHEMES)).toBe('http://example.com/');
    expect(allowedUrl('mailto:someone@example.com', LINK_SCHEMES)).toBe('mailto:someone@example.com');
    expect(allowedUrl('  https://example.com/\n', LINK_SCHEMES)).toBe('https://example.com/');
  });

  it('refuses every hostile address of the corpus, for links and pictures alike', () => {
    for (const { id, url } of corpus.urls) {
      expect(allowedUrl(url, LINK_SCHEMES), id).toBeNull();
      expect(allowedUrl(url, IMAGE_SCHEMES), id).toBeNull();
    }
    expect(corpus.urls.length).toBeGreaterThan(5);
  });

  it('refuses relative and scheme-relative addresses, which would open pages of Biaozhu itself or guess a scheme', () => {
    for (const url of ['/api/auth/logout', 'x', '#top', '//example.com/x', '', null]) expect(allowedUrl(url, LINK_SCHEMES)).toBeNull();
  });

  it('loads pictures from web addresses only', () => {
    expect(allowedUrl('https://example.com/a.png', IMAGE_SCHEMES)).toBe('https://example.com/a.png');
    expect(allowedUrl('mailto:a@example.com', IMAGE_SCHEMES)).toBeNull();
    expect(allowedUrl('data:image/png;base64,iVBORw0KGgo=', IMAGE_SCHEMES)).toBeNull();
  });

  it('makes links open in a new tab without opener nor referrer, and drops hrefs it refuses', () => {
    const good = new Element('A', { href: 'https://example.com/', target: '_self', rel: 'opener' });
    policeElement(good);
    expect(Object.fromEntries(good.attributes)).toEqual({ href: 'https://example.com/', target: '_blank', rel: 'noopener noreferrer' });

    const bad = new Element('a', { href: 'java\tscript:window.__xss=1' });
    policeElement(bad);
    expect(bad.getAttribute('href')).toBeNull();
    expect(bad.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('sends no referrer for pictures and drops their source when it is no web address', () => {
    const good = new Element('IMG', { src: 'https://example.com/a.png', alt: 'a' });
    policeElement(good);
    expect(Object.fromEntries(good.attributes)).toEqual({ src: 'https://example.com/a.png', alt: 'a', referrerpolicy: 'no-referrer', loading: 'lazy' });

    const bad = new Element('img', { src: 'javascript:window.__xss=1' });
    policeElement(bad);
    expect(bad.getAttribute('src')).toBeNull();
  });

  it('drops addresses on elements other than links and pictures', () => {
    const td = new Element('TD', { src: 'https://example.com/', href: 'https://example.com/', colspan: '2' });
    policeElement(td);
    expect(Object.fromEntries(td.attributes)).toEqual({ colspan: '2' });
  });

  it('allows no element that runs code, loads a document, takes input or parses as SVG or MathML', () => {
    const active = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math',
      'template', 'noscript', 'meta', 'base', 'link', 'audio', 'video', 'source', 'dialog', 'xmp', 'title'];
    for (const tag of active) {
      expect(HYPERTEXT_ALLOWED_TAGS, tag).not.toContain(tag);
      expect(HYPERTEXT_DROPPED_TAGS, tag).toContain(tag);
    }
    expect(hypertextPurifyConfig.ALLOWED_NAMESPACES).toEqual(['http://www.w3.org/1999/xhtml']);
  });

  it('allows no event handler, style, class, id, name, target or data attribute', () => {
    for (const attribute of HYPERTEXT_ALLOWED_ATTRIBUTES) expect(attribute).not.toMatch(/^on/i);
    for (const attribute of ['style', 'class', 'id', 'name', 'target', 'rel', 'srcset', 'formaction', 'action', 'background', 'xlink:href', 'srcdoc']) {
      expect(HYPERTEXT_ALLOWED_ATTRIBUTES, attribute).not.toContain(attribute);
    }
    expect(hypertextPurifyConfig.ALLOW_DATA_ATTR).toBe(false);
    expect(hypertextPurifyConfig.ALLOW_UNKNOWN_PROTOCOLS).toBe(false);
  });

  it("refuses other schemes already in DOMPurify's own value check, and keeps plain attribute values", () => {
    const check = hypertextPurifyConfig.ALLOWED_URI_REGEXP;
    for (const url of ['javascript:x', 'JavaScript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'tel:1', 'ftp://example.com']) {
      expect(check.test(url), url).toBe(false);
    }
    for (const url of ['https://example.com', 'http://example.com', 'mailto:a@example.com']) expect(check.test(url), url).toBe(true);
    // DOMPurify checks width, colspan, lang, dir, datetime with the same pattern: their values must pass.
    for (const value of ['2', '100%', 'ltr', 'zh-CN', '2026-12-03', '/relative']) expect(check.test(value), value).toBe(true);
  });
});
