import { describe, expect, it } from '@jest/globals';
import { misuseVerdict } from './misuse-window.js';

describe('misuseVerdict', () => {
  it('locks only above maxDistinctContexts', () => {
    expect(misuseVerdict(3, 3, 24)).toBeNull();
    expect(misuseVerdict(0, 1, 1)).toBeNull();
    expect(misuseVerdict(4, 3, 24)).toEqual({
      lockReason: 'Misuse detected: 4 distinct devices within 24 h (limit 3)',
      distinctContexts: 4,
      maxDistinctContexts: 3,
      windowHours: 24,
    });
  });
});
