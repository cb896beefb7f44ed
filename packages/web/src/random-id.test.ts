import { describe, expect, it } from 'vitest';
import { randomId, uuid } from './random-id';

describe('random ids', () => {
  it('makes 10-character result ids and v4 UUIDs', () => {
    expect(randomId()).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
