import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateResult } from '../annotations/validate-result.js';
import { labelStudioXmlToConfig } from './label-studio-xml.js';

/**
 * The answers Label Studio 1.4.0's own editor wrote (packages/label-types/scripts/record-ls-results.mjs), each with
 * the config it was drawn under: our XML import reads that config, and our checks accept the answer as it is.
 */
const FIXTURES = [
  'polygons/ls-1.4.0-result.json',
  'keypoints/ls-1.4.0-result.json',
  'keypoints/ls-1.4.0-result-strokewidth.json',
  'rectangles/ls-1.4.0-result.json',
  // The plain tags without labels: <Rectangle>, <Polygon>, <KeyPoint>.
  'rectangles/ls-1.4.0-result-plain.json',
  'polygons/ls-1.4.0-result-plain.json',
  'keypoints/ls-1.4.0-result-plain.json',
];

interface Recorded {
  config: string;
  result: unknown[];
}

const recorded = (file: string): Recorded => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../label-types/src/controls/${file}`, import.meta.url)), 'utf8')) as Recorded;

describe("answers recorded from Label Studio 1.4.0's editor", () => {
  it.each(FIXTURES)('%s: the config imports and the answer passes our checks unchanged', (file) => {
    const { config, result } = recorded(file);
    const native = labelStudioXmlToConfig(config);
    expect(native.controls.map((c) => c.type)).toEqual([expect.stringMatching(/^(polygons|keypoints|rectangles)$/), 'choices', 'textarea', 'number']);
    expect(validateResult(native, result, { image: 'https://example.org/image.png' })).toEqual(result);
  });

  it('a per-region answer about a region that is not in the answer is refused', () => {
    const { config, result } = recorded('polygons/ls-1.4.0-result.json');
    const [, ...aboutIt] = result;
    expect(() => validateResult(labelStudioXmlToConfig(config), aboutIt, { image: 'https://example.org/image.png' })).toThrow(/region/);
  });
});
