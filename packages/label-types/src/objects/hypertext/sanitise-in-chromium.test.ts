import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HYPERTEXT_ALLOWED_ATTRIBUTES, HYPERTEXT_ALLOWED_TAGS } from './sanitise-policy.js';

/**
 * sanitise.ts as it runs in the workspace: the same module and DOMPurify, in Debian Chromium (node has no DOM), each
 * corpus payload sanitised and then put live into a page that has no Content-Security-Policy, so a payload that
 * survived would run. The modules are served as they are (TypeScript only stripped of its types), DOMPurify's ES
 * build through an import map, from a made-up origin answered by the test.
 */

const ORIGIN = 'http://sanitiser.test';
const CHROMIUM = process.env.BIAOZHU_E2E_CHROMIUM ?? '/usr/bin/chromium';
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const corpus = JSON.parse(readFileSync(here('../../../../../e2e/fixtures/xss-payloads.json'), 'utf8')) as {
  html: { id: string; payload: string }[];
  urls: { id: string; url: string }[];
};

function stripTypes(file: string): string {
  return ts.transpileModule(readFileSync(here(file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

const FILES: Record<string, { type: string; body: string }> = {
  '/': {
    type: 'text/html',
    body: `<!doctype html><html><head><script type="importmap">{"imports":{"dompurify":"/dompurify.js"}}</script>
<script type="module">import { sanitiseHypertext } from '/sanitise.js'; window.sanitiseHypertext = sanitiseHypertext; window.ready = true;</script>
</head><body><div id="host"></div></body></html>`,
  },
  '/sanitise.js': { type: 'text/javascript', body: stripTypes('./sanitise.ts') },
  '/sanitise-policy.js': { type: 'text/javascript', body: stripTypes('./sanitise-policy.ts') },
  '/dompurify.js': { type: 'text/javascript', body: readFileSync(createRequire(import.meta.url).resolve('dompurify').replace(/purify\.cjs\.js$/, 'purify.es.mjs'), 'utf8') },
};

let browser: Browser;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? FILES[url.pathname] : undefined;
    if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
    // Anything else a payload asks for (a picture, a stylesheet, a script) is noted and never answered.
    requests.push(url.href);
    return route.abort();
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
});

afterAll(async () => {
  await browser?.close();
});

interface Shown {
  html: string;
  xss: string | null;
  problems: string[];
}

/** Sanitises `html`, puts the nodes live into the page, lets events fire, and reports what the page then holds. */
async function show(html: string): Promise<Shown> {
  return page.evaluate(
    async ({ html, tags, attributes }) => {
      const w = window as unknown as { sanitiseHypertext: (h: string) => DocumentFragment | null; __xss?: unknown };
      delete w.__xss;
      const host = document.getElementById('host')!;
      const fragment = w.sanitiseHypertext(html);
      if (!fragment) throw new Error('no DOM to sanitise in');
      host.replaceChildren(fragment);
      // Image errors, toggles and focus fire after a turn or two.
      await new Promise((r) => setTimeout(r, 30));
      for (const el of host.querySelectorAll('*')) el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      const problems: string[] = [];
      for (const el of host.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase();
        if (!tags.includes(tag)) problems.push(`<${tag}>`);
        for (const a of el.attributes) if (!attributes.includes(a.name)) problems.push(`${a.name} on <${tag}>`);
        const href = el.getAttribute('href');
        if (href !== null && !/^(https?|mailto):/.test(href)) problems.push(`href ${href}`);
        const src = el.getAttribute('src');
        if (src !== null && !/^https?:/.test(src)) problems.push(`src ${src}`);
      }
      return { html: host.innerHTML, xss: w.__xss === undefined ? null : JSON.stringify(w.__xss) ?? typeof w.__xss, problems };
    },
    { html, tags: [...HYPERTEXT_ALLOWED_TAGS, 'a', 'img'], attributes: [...HYPERTEXT_ALLOWED_ATTRIBUTES, 'target', 'rel', 'referrerpolicy', 'loading'] },
  );
}

describe('hypertext sanitiser in Chromium', () => {
  it('leaves nothing of the XSS corpus that runs or is outside the allow list, each payload alone and all at once', async () => {
    const payloads = [...corpus.html.map((p) => [p.id, p.payload]), ['all of them', corpus.html.map((p) => p.payload).join('\n')]];
    for (const [id, payload] of payloads) {
      const shown = await show(payload!);
      expect(shown.xss, id).toBeNull();
      expect(shown.problems, id).toEqual([]);
    }
    await page.waitForTimeout(100);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('keeps the hostile addresses of the corpus out of links and pictures', async () => {
    for (const { id, url } of corpus.urls) {
      const quoted = url.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
      const shown = await show(`<a href="${quoted}">link</a><img src="${quoted}" alt="picture">`);
      expect(shown.html, id).toBe('<a target="_blank" rel="noopener noreferrer">link</a><img alt="picture" referrerpolicy="no-referrer" loading="lazy">');
    }
  });

  it('keeps formatting, tables with their plain attributes, lists, ruby and safe links and pictures', async () => {
    const shown = await show(
      '<h2>订单</h2><p><b>快递</b> <em>已发出</em><br><a href="https://example.com/track?id=1" target="_self" rel="opener">查看</a></p>' +
        '<table><tr><th scope="col">k</th></tr><tr><td colspan="2" lang="zh-CN" dir="ltr">v</td></tr></table><ol start="3"><li>三</li></ol>' +
        '<ruby>标<rt>biāo</rt></ruby><img src="https://pictures.example.com/a.png" alt="a" width="20">',
    );
    expect(shown.problems).toEqual([]);
    expect(shown.html).toBe(
      '<h2>订单</h2><p><b>快递</b> <em>已发出</em><br><a href="https://example.com/track?id=1" target="_blank" rel="noopener noreferrer">查看</a></p>' +
        '<table><tbody><tr><th scope="col">k</th></tr><tr><td colspan="2" lang="zh-CN" dir="ltr">v</td></tr></tbody></table><ol start="3"><li>三</li></ol>' +
        '<ruby>标<rt>biāo</rt></ruby><img src="https://pictures.example.com/a.png" alt="a" width="20" referrerpolicy="no-referrer" loading="lazy">',
    );
  });

  it('keeps the text of what it removes, except what is code or smuggled markup', async () => {
    expect((await show('<form><label>Name</label><span>kept</span></form>')).html).toBe('');
    expect((await show('<font color="red">red words</font>')).html).toBe('red words');
    expect((await show('<div style="position:fixed">Session expired: enter your password</div>')).html).toBe('<div>Session expired: enter your password</div>');
    expect((await show('<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">')).html).not.toMatch(/<img|onerror/);
  });
});
