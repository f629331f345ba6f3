import type { OrgRole } from '../persistence/org-member.orm-entity.js';

export type { OrgRole };
export const ORG_ROLES: readonly OrgRole[] = ['VIEWER', 'DEV', 'ADMIN', 'OWNER'];

export function roleAtLeast(role: OrgRole, required: OrgRole): boolean {
  return ORG_ROLES.indexOf(role) >= ORG_ROLES.indexOf(required);
}
