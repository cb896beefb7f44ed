import { describe, expect, it } from 'vitest';
import { fileStem, ImageFileNames } from './image-file-names.js';

describe('ImageFileNames', () => {
  it('takes the file name of the URL, decoded and made safe', () => {
    const names = new ImageFileNames();
    expect(names.name(1, 'https://cdn.example.com/a/b/street%20001.jpg?sig=x#y')).toBe('street_001.jpg');
    expect(names.name(2, '/api/media/12/缺陷-7.png')).toBe('缺陷-7.png');
  });

  it('names data URLs and references without a file name after the task', () => {
    const names = new ImageFileNames();
    expect(names.name(7, 'data:image/png;base64,iVBORw0KGgo=')).toBe('task-7.png');
    expect(names.name(8, 'https://example.com/')).toBe('task-8');
  });

  it('gives a later task with a taken name (any case) its task id', () => {
    const names = new ImageFileNames();
    expect(names.name(1, 'http://a/x/img.jpg')).toBe('img.jpg');
    expect(names.name(2, 'http://b/y/IMG.jpg')).toBe('IMG-2.jpg');
    // "img-2.jpg" is taken by task 2's name, case aside
    expect(names.name(3, 'http://c/img-2.jpg')).toBe('img-2-3.jpg');
    expect(names.name(4, 'http://d/photo.jpg')).toBe('photo.jpg');
    expect(names.name(5, 'http://e/photo.jpg')).toBe('photo-5.jpg');
  });

  it('is the same for the same tasks on every export', () => {
    const refs = ['http://a/1.jpg', 'http://b/1.jpg', 'http://c/2.jpg'];
    const once = () => {
      const names = new ImageFileNames();
      return refs.map((r, i) => names.name(i + 1, r));
    };
    expect(once()).toEqual(once());
    expect(fileStem('a.b.jpg')).toBe('a.b');
  });
});
