import { describe, expect, it } from 'vitest';
import { isFiltered, NO_FILTERS, taskBrowserApi, taskFilterBody } from './task-browser-api';

describe("the task browser's filter outside the list", () => {
  it('becomes a JSON body with numbers as numbers and empty fields left out', () => {
    const filters = { ...NO_FILTERS, q: ' delivery ', annotator: '7', agreementBelow: '0.6', state: 'open' };
    expect(taskFilterBody(filters)).toEqual({ q: 'delivery', annotator: 7, agreementBelow: 0.6, state: 'open' });
    expect(taskFilterBody(NO_FILTERS)).toEqual({});
  });

  it('is set only when some field holds more than blanks', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, q: '  ' })).toBe(false);
    expect(isFiltered({ ...NO_FILTERS, importId: '3' })).toBe(true);
  });

  it("gives the export the list's own parameter names", () => {
    const url = new URL(taskBrowserApi.filterExportUrl('5', 'csv', { ...NO_FILTERS, q: 'a&b', answers: 'any' }), 'http://x');
    expect(url.pathname).toBe('/api/projects/5/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'csv', q: 'a&b', answers: 'any' });
  });
});
