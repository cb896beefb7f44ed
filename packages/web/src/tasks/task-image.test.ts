import { describe, expect, it } from 'vitest';
import { imageKeyOf, thumbnailCell } from './task-image';

describe('imageKeyOf', () => {
  it('names the data key of the first image object, and null for a config without one', () => {
    expect(imageKeyOf({ objects: [{ type: 'text', value: 'caption' }, { type: 'image', value: 'photo' }] })).toBe('photo');
    expect(imageKeyOf({ objects: [{ type: 'text', value: 'text' }] })).toBeNull();
  });
});

describe('thumbnailCell', () => {
  it('gives the thumbnail route only to a stored image of the same project', () => {
    expect(thumbnailCell('/api/projects/7/media/42', '7')).toEqual({ kind: 'thumb', src: '/api/projects/7/media/42/thumb', full: '/api/projects/7/media/42' });
    // another project's media, or anything after the id, is not this project's stored image
    expect(thumbnailCell('/api/projects/8/media/42', '7').kind).toBe('link');
    expect(thumbnailCell('/api/projects/7/media/42/../../users', '7').kind).toBe('link');
    expect(thumbnailCell('/api/projects/17/media/42', '1').kind).toBe('link');
  });

  it('links web addresses, names other references without a link, and shows nothing for no value', () => {
    expect(thumbnailCell('https://cdn.example.com/a.jpg', '7')).toEqual({ kind: 'link', href: 'https://cdn.example.com/a.jpg', text: 'https://cdn.example.com/a.jpg' });
    expect(thumbnailCell('s3://bucket/a.jpg', '7')).toEqual({ kind: 'link', href: null, text: 's3://bucket/a.jpg' });
    expect(thumbnailCell('javascript:alert(1)', '7')).toEqual({ kind: 'link', href: null, text: 'javascript:alert(1)' });
    expect(thumbnailCell(undefined, '7')).toEqual({ kind: 'none' });
    expect(thumbnailCell({ url: 'x' }, '7')).toEqual({ kind: 'none' });
  });
});
