import { describe, expect, it } from 'vitest';
import { imageUploadForm, type ImageUploadFields } from './upload-images';

const FIELDS: ImageUploadFields = {
  sourceName: 'camera',
  sourceLicense: 'CC0',
  collectionMethod: 'line 3',
  containsPersonalInfo: false,
  legalBasis: '',
  skipBadLines: true,
  onConflict: 'skip',
};

/** A File as a folder picker gives it: with its path inside the picked folder. */
function inFolder(path: string, bytes: string): File {
  const file = new File([bytes], path.split('/').pop()!);
  Object.defineProperty(file, 'webkitRelativePath', { value: path });
  return file;
}

describe('imageUploadForm', () => {
  it('sends a folder as images parts named by their paths, and the folder name for the history', () => {
    const form = imageUploadForm(FIELDS, { kind: 'folder', files: [inFolder('shift1/a.png', 'a'), inFolder('shift1/sub/b.png', 'bb')] });
    const parts = form.getAll('images') as File[];
    expect(parts.map((p) => p.name)).toEqual(['shift1/a.png', 'shift1/sub/b.png']);
    expect(parts.map((p) => p.size)).toEqual([1, 2]);
    expect(form.get('folderName')).toBe('shift1');
    expect(form.get('file')).toBeNull();
    expect(form.get('skipBadLines')).toBe('true');
    expect(form.get('sourceName')).toBe('camera');
  });

  it('sends picked files by their own names, and a zip as the one file part in the images format', () => {
    const files = imageUploadForm(FIELDS, { kind: 'files', files: [new File(['x'], 'one.jpg'), new File(['y'], 'two.png')] });
    expect((files.getAll('images') as File[]).map((p) => p.name)).toEqual(['one.jpg', 'two.png']);
    expect(files.get('folderName')).toBeNull();
    const zip = imageUploadForm(FIELDS, { kind: 'zip', file: new File(['PK'], 'batch.zip') });
    expect((zip.get('file') as File).name).toBe('batch.zip');
    expect(zip.get('format')).toBe('images');
    expect(zip.getAll('images')).toEqual([]);
  });
});
