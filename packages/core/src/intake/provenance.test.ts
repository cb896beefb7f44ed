import { describe, expect, it } from 'vitest';
import { missingSourceFields } from './provenance.js';

describe('missingSourceFields', () => {
  const complete = { name: 'crawl', license: 'CC BY 4.0', collectionMethod: 'crawled', containsPersonalInfo: false };

  it('accepts a complete record; a legal basis is needed only with personal information', () => {
    expect(missingSourceFields(complete)).toEqual([]);
    expect(missingSourceFields({ ...complete, containsPersonalInfo: true })).toEqual(['source.legalBasis']);
    expect(missingSourceFields({ ...complete, containsPersonalInfo: true, legalBasis: 'consent' })).toEqual([]);
  });

  it('lists every missing field in order, blank strings counting as missing', () => {
    expect(missingSourceFields({ name: ' ' })).toEqual(['source.name', 'source.license', 'source.collectionMethod', 'source.containsPersonalInfo']);
  });
});
