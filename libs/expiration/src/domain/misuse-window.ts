/** The misuse rule of API.md §10 as a pure function: more distinct contexts than allowed in the window locks. */
export interface MisuseVerdict {
  lockReason: string;
  distinctContexts: number;
  maxDistinctContexts: number;
  windowHours: number;
}

export function misuseVerdict(distinctContexts: number, maxDistinctContexts: number, windowHours: number): MisuseVerdict | null {
  if (distinctContexts <= maxDistinctContexts) return null;
  return {
    lockReason: `Misuse detected: ${distinctContexts} distinct devices within ${windowHours} h (limit ${maxDistinctContexts})`,
    distinctContexts,
    maxDistinctContexts,
    windowHours,
  };
}
