import { describe, expect, it } from 'vitest';
import { escapeXml, VocAnnotations } from './voc.js';

describe('escapeXml', () => {
  it('escapes markup and drops what XML 1.0 cannot hold, and leaves plain text as it is', () => {
    expect(escapeXml('frame-0001.jpg')).toBe('frame-0001.jpg');
    expect(escapeXml('a & b <c> "d" \'e\'')).toBe('a &amp; b &lt;c&gt; "d" \'e\'');
    expect(escapeXml('行人\u0001 🚗')).toBe('行人 🚗');
  });
});

describe('VocAnnotations', () => {
  it('writes each region as an object named by its category, escaped', () => {
    const voc = new VocAnnotations([
      { index: 0, name: 'car & truck', keypoint: false },
      { index: 1, name: '行人', keypoint: false },
    ]);
    const xml = voc.xml('a<b>.jpg', { width: 640, height: 480 }, [
      { kind: 'box', category: 1, x: 10, y: 20, width: 30.255, height: 40, rotation: 0, corners: [[10, 20], [40.255, 20], [40.255, 60], [10, 60]] },
      { kind: 'polygon', category: 0, points: [[1, 2], [3, 4], [5, 1]] },
    ]);
    expect(xml).toContain('<filename>a&lt;b&gt;.jpg</filename>');
    expect(xml.match(/<name>([^<]*)<\/name>/g)).toEqual(['<name>行人</name>', '<name>car &amp; truck</name>']);
    expect(xml).toContain('<xmin>10</xmin>\n\t\t\t<ymin>20</ymin>\n\t\t\t<xmax>40.26</xmax>\n\t\t\t<ymax>60</ymax>');
    expect(xml).toContain('<x3>5</x3>\n\t\t\t<y3>1</y3>');
  });
});
