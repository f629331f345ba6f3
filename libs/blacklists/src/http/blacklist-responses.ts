import { ok, RawBody } from '@geckoguard/core';
import type { BlacklistEntryView } from '../domain/blacklist-entry-view.js';

/** One entry: 201 when new, 200 when the value was already listed (API.md §8). */
export function singleEntryResponse(added: { entry: BlacklistEntryView; created: boolean }): RawBody {
  return new RawBody(ok({ entry: added.entry }), added.created ? 201 : 200);
}

export function bulkResponse(added: Array<{ entry: BlacklistEntryView; created: boolean }>) {
  const created = added.filter((a) => a.created).length;
  return { entries: added.map((a) => a.entry), created, updated: added.length - created };
}
