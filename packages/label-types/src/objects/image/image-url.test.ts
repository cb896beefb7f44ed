import { describe, expect, it } from 'vitest';
import { safeImageUrl } from './image-url.js';

describe('safeImageUrl', () => {
  const scope = { projectId: 7, taskId: 42 };

  it('loads the stored images of the task\'s own project, and no other address into the API', () => {
    expect(safeImageUrl('/api/projects/7/media/3', scope)).toBe('/api/projects/7/media/3');
    for (const v of ['/api/projects/8/media/3', '/api/projects/7/media/3/../../../tokens', '/api/projects/7/media/3?x=1', '/api/projects/77/media/3', '/api/tokens', '/api/projects/7/media/3']) {
      if (v === '/api/projects/7/media/3') expect(safeImageUrl(v)).toBeNull(); // without a scope (a preview): refused
      else expect(safeImageUrl(v, scope), v).toBeNull();
    }
  });

  it('loads an s3:// reference through the project\'s presigning route for this task', () => {
    expect(safeImageUrl('s3://camera-archive/line 3/a.png', scope)).toBe('/api/projects/7/tasks/42/s3-object?ref=s3%3A%2F%2Fcamera-archive%2Fline%203%2Fa.png');
    expect(safeImageUrl('s3://camera-archive/a.png')).toBeNull();
  });

  it('still loads web addresses and inline raster images', () => {
    expect(safeImageUrl('https://img.example/a.jpg', scope)).toBe('https://img.example/a.jpg');
    expect(safeImageUrl('javascript:alert(1)', scope)).toBeNull();
  });
});
