import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { sha256Hex } from '@geckoguard/core';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-custom';
import { DataSource } from 'typeorm';
import type { ApiKeyPermission } from '../domain/api-key-permissions.js';
import type { ApiKeyPrincipal } from './principal.js';

/** `X-Api-Key: gg_...`, looked up by its SHA-256; revoked or unknown keys authenticate nobody. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async validate(req: FastifyRequest): Promise<ApiKeyPrincipal | false> {
    const raw = req.headers['x-api-key'];
    if (typeof raw !== 'string' || !raw.startsWith('gg_') || raw.length > 200) return false;
    const rows = (await this.dataSource.query(
      `SELECT id, name, org_id, product_id, permissions, require_signature
         FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
      [sha256Hex(raw)],
    )) as Array<{ id: string; name: string; org_id: string; product_id: string; permissions: string[]; require_signature: boolean }>;
    const row = rows[0];
    if (!row) return false;
    return {
      id: row.id,
      name: row.name,
      orgId: row.org_id,
      productId: row.product_id,
      permissions: row.permissions as ApiKeyPermission[],
      requireSignature: row.require_signature,
    };
  }
}
