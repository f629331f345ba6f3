import { describe, expect, it } from '@jest/globals';
import { expirationProblems } from './expiration-rules.js';

const DATE = new Date('2030-01-01T00:00:00Z');
const paths = (mode: 'never' | 'fixed' | 'afterActivation' | 'both', expiresAt: Date | null, expiresAfterDays: number | null) =>
  expirationProblems({ expirationMode: mode, expiresAt, expiresAfterDays }).map((p) => p.path);

describe('expirationProblems (API.md §4: the fields must agree with the mode)', () => {
  it('accepts each mode with exactly the fields it uses', () => {
    expect(paths('never', null, null)).toEqual([]);
    expect(paths('fixed', DATE, null)).toEqual([]);
    expect(paths('afterActivation', null, 30)).toEqual([]);
    expect(paths('both', DATE, 30)).toEqual([]);
  });

  it('names a missing field the mode needs', () => {
    expect(paths('fixed', null, null)).toEqual(['expiresAt']);
    expect(paths('afterActivation', null, null)).toEqual(['expiresAfterDays']);
    expect(paths('both', null, null)).toEqual(['expiresAt', 'expiresAfterDays']);
  });

  it('names a field the mode does not use', () => {
    expect(paths('never', DATE, 3)).toEqual(['expiresAt', 'expiresAfterDays']);
    expect(paths('fixed', DATE, 3)).toEqual(['expiresAfterDays']);
    expect(paths('afterActivation', DATE, 3)).toEqual(['expiresAt']);
  });
});
