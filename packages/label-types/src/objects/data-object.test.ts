import { describe, expect, it } from 'vitest';
import { el, objectRoundTrip } from '../test-helpers.js';
import { hypertextObject } from './hypertext/index.js';
import { imageObject } from './image/index.js';
import { textObject } from './text/index.js';

describe('objects that show one data field (Text, Image, HyperText)', () => {
  it.each([
    [textObject, 'Text', 'text'],
    [imageObject, 'Image', 'image'],
    [hypertextObject, 'HyperText', 'hypertext'],
  ] as const)('%#: <%s name value="$key"/> both ways', (type, tag, native) => {
    const { native: read, xml, again } = objectRoundTrip(type, el(tag, { name: 'shown', value: '$field', granularity: 'symbol' }));
    expect(read).toEqual({ type: native, name: 'shown', value: 'field' });
    expect(xml).toMatchObject({ tag, attributes: { name: 'shown', value: '$field' } });
    expect(again).toEqual(read);
  });
});
