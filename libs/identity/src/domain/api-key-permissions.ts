export const API_KEY_PERMISSIONS = [
  'license:authorize',
  'license:assert-ip',
  'license:read',
  'license:create',
  'license:write',
  'license:revoke',
  'blacklist:read',
  'blacklist:write',
  'session:read',
  'session:write',
] as const;

export type ApiKeyPermission = (typeof API_KEY_PERMISSIONS)[number];
