import type { EntityManager } from 'typeorm';

export interface OwnerRow {
  id: string;
  user_id: string;
}

/**
 * Locks the OWNER memberships of an org (in id order, so concurrent writers never deadlock) and returns
 * them. Every write that could take away an OWNER, or that needs the caller to be one, takes this lock
 * first: two concurrent demotions of the last two OWNERs are serialized, and the second sees one left.
 */
export async function lockOwners(tx: EntityManager, orgId: string): Promise<OwnerRow[]> {
  return (await tx.query(`SELECT id, user_id FROM org_members WHERE org_id = $1 AND role = 'OWNER' ORDER BY id FOR UPDATE`, [orgId])) as OwnerRow[];
}

/**
 * Whether `member` is the organization's only OWNER. `owners` (from lockOwners) were read before the member's row was
 * locked, so the member's own role comes from that later read: a member made OWNER meanwhile is missing from
 * `owners`, and counting only `owners` would call them the last one while others remain. The other owners are locked,
 * so none of them can stop being OWNER before this transaction ends.
 */
export function isLastOwner(owners: readonly OwnerRow[], member: { id: string; role: string }): boolean {
  return member.role === 'OWNER' && owners.every((owner) => owner.id === member.id);
}
