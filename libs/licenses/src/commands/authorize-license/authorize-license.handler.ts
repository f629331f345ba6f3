import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AuditLog, type NewAuditEvent } from '@geckoguard/audit';
import { normalizeIp } from '@geckoguard/bindings';
import { Clock, hashLicenseKey, normalizeLicenseKey, sha256Hex } from '@geckoguard/core';
import { RawSession, sqlLiteral, type RawClient } from '@geckoguard/database';
import { computeEffectiveExpiry, activationSnapshot } from '@geckoguard/expiration';
import { resolveEffectivePolicy, summarizePolicy, type EffectivePolicy } from '@geckoguard/policies';
import type { OpenSession } from '@geckoguard/sessions';
import { decideAuthorization, type BoundBinding, type LicenseState } from '../../domain/authorization-decision.js';
import { deriveLicenseStatus } from '../../domain/license-status.js';
import { RegionLocator } from './region-locator.js';
import type { AuthorizationResult } from './authorization-result.js';
import { AuthorizeLicenseCommand } from './authorize-license.command.js';

/** A binding's `lastSeenAt` may lag this much (API.md §5), so a busy license does not rewrite it every call. */
const LAST_SEEN_LAG_MS = 60_000;
/** The longest session TTL a policy may set: older sessions cannot be active. */
const MAX_SESSION_TTL_SECONDS = 86_400;
/** Bindings loaded per license besides the presented ones; limit and sticky modes never hold more than their limit. */
const MAX_BINDINGS_LOADED = 1000;

interface StateRow {
  id: string;
  product_id: string;
  expiration_mode: LicenseState['expirationMode'];
  expires_at: Date | null;
  expires_after_days: number | null;
  activated_at: Date | null;
  frozen_at: Date | null;
  frozen_ms: string;
  frozen_ms_before_activation: string;
  revoked_at: Date | null;
  locked_at: Date | null;
  is_trial: boolean;
  policy_override: Record<string, unknown> | null;
  default_license_policy: Record<string, unknown>;
  hwid_hit: { reason: string | null } | null;
  ip_hit: { reason: string | null } | null;
  bindings: Array<{ t: 'HWID' | 'IP'; h: string; r: string | null; f: string; s: string }>;
  sessions: Array<{ id: string; h: string; s: string; r: string | null }>;
}

/**
 * POST /v1/licenses/authorize. Two round trips inside the transaction: (1) BEGIN, lock the license row,
 * then read everything the rules need with a snapshot taken after the lock; (2) the writes the decision
 * implies, its audit events, and COMMIT.
 */
@CommandHandler(AuthorizeLicenseCommand)
export class AuthorizeLicenseHandler implements ICommandHandler<AuthorizeLicenseCommand> {
  constructor(
    private readonly raw: RawSession,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly regions: RegionLocator,
  ) {}

  async execute({ caller, request }: AuthorizeLicenseCommand): Promise<AuthorizationResult> {
    const now = this.clock.now();
    const keyHash = hashLicenseKey(normalizeLicenseKey(request.licenseKey));
    const ip = normalizeIp(request.ip);
    const presented = {
      hwidHash: request.hwid ? sha256Hex(request.hwid) : null,
      ipHash: ip ? sha256Hex(ip.value) : null,
      region: null as string | null,
      sessionIdHash: request.sessionId ? sha256Hex(request.sessionId) : null,
    };

    return this.raw.run(async (client) => {
      const L = (v: unknown) => sqlLiteral(client, v as never);
      const results = (await client.query(
        `BEGIN;
         SELECT 1 FROM licenses WHERE key_hash = ${L(keyHash)} AND org_id = ${L(caller.orgId)} FOR UPDATE;
         ${stateQuery(L, keyHash, caller.orgId, presented.hwidHash, presented.ipHash, ip?.address ?? null, presented.sessionIdHash, now)}`,
      )) as unknown as Array<{ rows: StateRow[] }>;
      const row = results[2]?.rows[0] ?? null;

      const license = row ? toLicenseState(row) : null;
      const resolved = row ? resolveEffectivePolicy(row.default_license_policy, row.policy_override) : null;
      const policy: EffectivePolicy | null = resolved?.effective ?? null;
      if (policy?.limits.ip.limitType === 'region' && ip) presented.region = await this.regions.countryOf(ip.address);

      const bindings = (row?.bindings ?? []).map((b) => ({
        type: b.t,
        value: b.h,
        region: b.r,
        firstSeenAt: new Date(b.f),
        lastSeenAt: new Date(b.s),
      }));
      const openSessions: Array<OpenSession & { id: string }> = (row?.sessions ?? []).map((s) => ({
        id: s.id,
        sessionIdHash: s.h,
        lastSeenAt: new Date(s.s),
        revokedAt: s.r ? new Date(s.r) : null,
      }));
      const outcome = decideAuthorization({
        license,
        productIds: [request.productId, caller.productId],
        policy,
        blacklist: { hwid: row?.hwid_hit ?? null, ip: row?.ip_hit ?? null },
        hwidBindings: bindings.filter((b) => b.type === 'HWID') as BoundBinding[],
        ipBindings: bindings.filter((b) => b.type === 'IP') as BoundBinding[],
        openSessions,
        presented,
        now,
      });

      const actor = { type: 'api_key' as const, id: caller.apiKeyId };
      const base = { orgId: caller.orgId, productId: license?.productId ?? caller.productId, licenseId: license?.id ?? null, actor };

      if (!outcome.allow) {
        const events: NewAuditEvent[] = [
          { ...base, type: 'license.authorization_denied', data: { reasonCode: outcome.reasonCode, ...(ip ? {} : {}) } },
        ];
        await this.commit(client, request.dryRun ? [] : [this.audit.insertStatement(events, L, now)]);
        const status = outcome.reasonCode === 'LICENSE_NOT_FOUND' ? 404 : 403;
        return {
          status,
          body: {
            ok: false,
            allow: false,
            reasonCode: outcome.reasonCode,
            ...(status === 404 ? { error: outcome.reasonCode } : {}),
            message: outcome.message,
            dryRun: request.dryRun,
          },
        };
      }

      // license and policy are present on an allowed decision
      const lic = license!;
      const pol = policy!;
      const statements: string[] = [];
      const events: NewAuditEvent[] = [];
      const activatedAt = lic.activatedAt ?? now;
      if (outcome.activate) {
        const snapshot = activationSnapshot(lic, now);
        statements.push(
          `UPDATE licenses SET activated_at = ${L(now)}, frozen_ms_before_activation = ${L(snapshot)}, updated_at = ${L(now)} WHERE id = ${L(lic.id)}`,
        );
      }
      const after: LicenseState = { ...lic, activatedAt, frozenMsBeforeActivation: outcome.activate ? activationSnapshot(lic, now) : lic.frozenMsBeforeActivation };
      const { effectiveExpiresAt } = computeEffectiveExpiry(after, now);

      this.recordBinding(statements, events, base, L, 'HWID', presented.hwidHash, null, outcome.hwidKnown, bindings, now);
      this.recordBinding(statements, events, base, L, 'IP', presented.ipHash, presented.region, outcome.ipKnown, bindings, now);

      let session: { id: string; expiresAt: string } | null = null;
      if (outcome.session !== 'none' && presented.sessionIdHash) {
        const ttlMs = pol.limits.concurrency.sessionTtlSeconds * 1000;
        const expiresAt = new Date(now.getTime() + ttlMs);
        const existing = openSessions.find((s) => s.sessionIdHash === presented.sessionIdHash);
        if (outcome.session === 'refresh' && existing) {
          statements.push(
            `UPDATE sessions SET last_seen_at = ${L(now)}, expires_at = ${L(expiresAt)}, ip_hash = ${L(presented.ipHash)}, hwid_hash = ${L(presented.hwidHash)} WHERE id = ${L(existing.id)}`,
          );
          session = { id: existing.id, expiresAt: expiresAt.toISOString() };
        } else {
          if (outcome.session === 'replace' && existing) {
            // The lapsed session with this id ended when its TTL ran out; the id starts a new session.
            statements.push(`UPDATE sessions SET ended_at = LEAST(${L(now)}, expires_at) WHERE id = ${L(existing.id)}`);
          }
          const id = randomUUID();
          statements.push(
            `INSERT INTO sessions (id, license_id, session_id_hash, device_id, ip_hash, hwid_hash, created_at, last_seen_at, expires_at)
             VALUES (${[id, lic.id, presented.sessionIdHash, request.deviceId, presented.ipHash, presented.hwidHash, now, now, expiresAt].map(L).join(', ')})`,
          );
          events.push({ ...base, type: 'session.created', data: { sessionId: id, deviceId: request.deviceId, expiresAt: expiresAt.toISOString() } });
          session = { id, expiresAt: expiresAt.toISOString() };
        }
      }

      events.unshift({
        ...base,
        type: 'license.authorized',
        data: { wasActivated: outcome.activate, effectiveExpiresAt: effectiveExpiresAt?.toISOString() ?? null, sessionId: session?.id ?? null },
      });
      if (request.dryRun) await this.commit(client, []);
      else await this.commit(client, [...statements, this.audit.insertStatement(events, L, now)]);

      return {
        status: 200,
        body: {
          ok: true,
          allow: true,
          reasonCode: 'ALLOW',
          message: 'Authorization granted',
          policy: { summary: summarizePolicy(pol) },
          limits: { remaining: outcome.remaining },
          license: {
            id: lic.id,
            status: deriveLicenseStatus({ ...after, revokedAt: lic.revokedAt, lockedAt: lic.lockedAt }, now),
            frozen: lic.frozenAt !== null,
            isTrial: row!.is_trial,
          },
          session: request.dryRun ? null : session,
          activatedAt: request.dryRun ? (lic.activatedAt?.toISOString() ?? null) : activatedAt.toISOString(),
          effectiveExpiresAt: (request.dryRun ? computeEffectiveExpiry(lic, now).effectiveExpiresAt : effectiveExpiresAt)?.toISOString() ?? null,
          expiresAt: lic.expiresAt?.toISOString() ?? null,
          expiresAfterDays: lic.expiresAfterDays,
          dryRun: request.dryRun,
        },
      };
    });
  }

  private recordBinding(
    statements: string[],
    events: NewAuditEvent[],
    base: Omit<NewAuditEvent, 'type'>,
    L: (v: unknown) => string,
    type: 'HWID' | 'IP',
    valueHash: string | null,
    region: string | null,
    known: boolean,
    bindings: Array<{ type: string; value: string; lastSeenAt: Date }>,
    now: Date,
  ): void {
    if (!valueHash) return;
    if (known) {
      const current = bindings.find((b) => b.type === type && b.value === valueHash);
      if (current && now.getTime() - current.lastSeenAt.getTime() >= LAST_SEEN_LAG_MS) {
        statements.push(
          `UPDATE bindings SET last_seen_at = ${L(now)}${region ? `, region = ${L(region)}` : ''} WHERE license_id = ${L(base.licenseId)} AND type = ${L(type)} AND value_hash = ${L(valueHash)} AND revoked_at IS NULL`,
        );
      }
      return;
    }
    const id = randomUUID();
    statements.push(
      `INSERT INTO bindings (id, license_id, type, value_hash, region, first_seen_at, last_seen_at) VALUES (${[id, base.licenseId, type, valueHash, region, now, now].map(L).join(', ')})`,
    );
    events.push({ ...base, type: 'binding.created', data: { bindingId: id, type, valueHash, region } });
  }

  private async commit(client: RawClient, statements: string[]): Promise<void> {
    await client.query([...statements, 'COMMIT'].join(';\n'));
  }
}

function toLicenseState(row: StateRow): LicenseState {
  return {
    id: row.id,
    productId: row.product_id,
    expirationMode: row.expiration_mode,
    expiresAt: row.expires_at,
    expiresAfterDays: row.expires_after_days,
    activatedAt: row.activated_at,
    frozenAt: row.frozen_at,
    frozenMs: Number(row.frozen_ms),
    frozenMsBeforeActivation: Number(row.frozen_ms_before_activation),
    revokedAt: row.revoked_at,
    lockedAt: row.locked_at,
  };
}

function stateQuery(
  L: (v: unknown) => string,
  keyHash: string,
  orgId: string,
  hwidHash: string | null,
  ipHash: string | null,
  ipAddress: string | null,
  sessionIdHash: string | null,
  now: Date,
): string {
  return `SELECT l.id, l.product_id, l.expiration_mode, l.expires_at, l.expires_after_days, l.activated_at, l.frozen_at,
            l.frozen_ms, l.frozen_ms_before_activation, l.revoked_at, l.locked_at, l.is_trial, l.policy_override,
            p.default_license_policy,
            (SELECT json_build_object('reason', e.reason) FROM blacklist_entries e
              WHERE e.product_id = l.product_id AND e.type = 'HWID' AND e.value_hash = ${L(hwidHash)} LIMIT 1) AS hwid_hit,
            ${
              ipAddress
                ? `(SELECT json_build_object('reason', e.reason) FROM blacklist_entries e
                     WHERE e.network >>= ${L(ipAddress)}::inet AND e.product_id = l.product_id AND e.type = 'IP' LIMIT 1)`
                : 'NULL'
            } AS ip_hit,
            (SELECT coalesce(json_agg(json_build_object('t', b.type, 'h', b.value_hash, 'r', b.region, 'f', b.first_seen_at, 's', b.last_seen_at)), '[]')
               FROM (SELECT * FROM bindings WHERE license_id = l.id AND revoked_at IS NULL AND value_hash IN (${L(hwidHash)}, ${L(ipHash)})
                     UNION
                     (SELECT * FROM bindings WHERE license_id = l.id AND revoked_at IS NULL ORDER BY first_seen_at LIMIT ${MAX_BINDINGS_LOADED})) b) AS bindings,
            (SELECT coalesce(json_agg(json_build_object('id', s.id, 'h', s.session_id_hash, 's', s.last_seen_at, 'r', s.revoked_at)), '[]')
               FROM sessions s WHERE s.license_id = l.id AND s.ended_at IS NULL
                AND (s.session_id_hash = ${L(sessionIdHash)}
                     OR (s.revoked_at IS NULL AND s.last_seen_at > ${L(new Date(now.getTime() - MAX_SESSION_TTL_SECONDS * 1000))}))) AS sessions
       FROM licenses l JOIN products p ON p.id = l.product_id
      WHERE l.key_hash = ${L(keyHash)} AND l.org_id = ${L(orgId)}`;
}
