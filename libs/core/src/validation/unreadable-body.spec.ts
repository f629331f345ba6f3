import { describe, expect, it } from '@jest/globals';
import { nestsDeeperThan } from './unreadable-body.js';

const depth = (json: string, max: number) => nestsDeeperThan(Buffer.from(json), max);

describe('nestsDeeperThan', () => {
  it('counts objects and arrays inside one another, up to and past the limit', () => {
    expect(depth('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(depth('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(depth('[[],[],[]]', 2)).toBe(false);
    expect(depth('1', 0)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(depth('{"a":"[[[[{{{{"}', 1)).toBe(false);
    expect(depth('{"a":"\\"[[[[","b":"\\\\"}', 1)).toBe(false);
    expect(depth('{"a":"\\\\","b":[[1]]}', 2)).toBe(true);
  });
});
