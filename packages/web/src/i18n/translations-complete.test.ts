import { describe, expect, it } from 'vitest';

/** The word files: `en.json` / `zh-CN.json` and per area `<area>.en.json` / `<area>.zh-CN.json`. */
const FILES = import.meta.glob<unknown>('./*.json', { import: 'default', eager: true });

/** Every key path of a translation tree, e.g. `intake.report.title`, without i18next's plural suffixes. */
function keyPaths(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
}

/**
 * i18next falls back to English for a key zh-CN lacks, so a missing Chinese word shows as English on a Chinese page.
 * Journey 17 finds those on the pages it visits; this finds them all, file by file.
 */
describe('the zh-CN and English word files', () => {
  const pairs = Object.keys(FILES)
    .filter((f) => /(^|\.|\/)en\.json$/.test(f))
    .map((enFile) => [enFile, enFile.replace(/en\.json$/, 'zh-CN.json')] as const);

  it('come in pairs', () => {
    expect(pairs.length).toBeGreaterThan(5);
    expect(pairs.filter(([, zh]) => !(zh in FILES)).map(([e]) => `${e} has no zh-CN file`)).toEqual([]);
    const zhFiles = Object.keys(FILES).filter((f) => f.endsWith('zh-CN.json'));
    expect(zhFiles.filter((z) => !(z.replace(/zh-CN\.json$/, 'en.json') in FILES))).toEqual([]);
  });

  it('have the same keys in both languages', () => {
    const missing: string[] = [];
    for (const [enFile, zhFile] of pairs) {
      const en = new Set(keyPaths(FILES[enFile]));
      const zh = new Set(keyPaths(FILES[zhFile]));
      for (const k of en) if (!zh.has(k)) missing.push(`${zhFile} lacks ${k}`);
      for (const k of zh) if (!en.has(k)) missing.push(`${enFile} lacks ${k}`);
    }
    expect(missing).toEqual([]);
  });
});
