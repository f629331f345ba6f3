import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditLog, type Actor, type NewAuditEvent } from '@geckoguard/audit';
import { normalizeIp, type NormalizedIp } from '@geckoguard/bindings';
import { Clock, hashLicenseKey, normalizeLicenseKey, sha256Hex } from '@geckoguard/core';
import { RawSession, runPrepared, type BoundStatement, type PreparedStatement, type RawClient } from '@geckoguard/database';
import { admitBatchedApiKey, batchedApiKeyCheck, batchedApiKeyCheckValues, type ApiKeyCheckRow, type ApiKeyPermission } from '@geckoguard/identity';
import { activationSnapshot, computeEffectiveExpiry } from '@geckoguard/expiration';
import { resolveEffectivePolicy, summarizePolicy, type EffectivePolicy } from '@geckoguard/policies';
import type { OpenSession } from '@geckoguard/sessions';
import type { BoundBinding, LicenseState } from '../domain/authorization-decision.js';
import { decideInMode } from '../domain/decision-mode.js';
import { deriveLicenseStatus } from '../domain/license-status.js';
import { RegionLocator } from '../commands/authorize-license/region-locator.js';
import {
  bindingsMayBeTruncated,
  countedBindingsReads,
  decisionStateCall,
  decisionStateValues,
  toLicenseState,
  type BindingJson,
  type DecisionStateRow,
} from '../persistence/decision-state.sql.js';
import { DECISION_WRITES as W } from '../persistence/decision-writes.sql.js';
import type { DecidedLicense, DecisionRequest, LicenseDecision } from './license-decision.js';

/** API.md §5: the body's ip replaces the observed one only for API keys with this permission. */
const ASSERT_IP: ApiKeyPermission = 'license:assert-ip';

/** An address as the rules use it: its binding value (IPv6 per /64) hashed once, and the address for lookups. */
interface PresentedAddress {
  address: string;
  hash: string;
}

function presentedAddress(ip: NormalizedIp | null): PresentedAddress | null {
  return ip ? { address: ip.address, hash: sha256Hex(ip.value) } : null;
}

/** A binding's `lastSeenAt` may lag this much (API.md §5), so a busy license does not rewrite it every call. */
const LAST_SEEN_LAG_MS = 60_000;

/**
 * The first round trip's read for an API key caller, in one statement: the key and its nonce claim (only for a key
 * holding the permission), then the lock and the read in the key's organization, which run only for a claimed
 * nonce, so neither a refused key nor a replay locks the license. OFFSET 0 keeps the subquery from being flattened
 * into a join, where the function would run before the filter. The address the rules use depends on the key's
 * permissions, which the statement has just read: $11/$12 the observed address (hash, inet), $13/$14 the asserted.
 */
const READ_BY_API_KEY: PreparedStatement = {
  name: 'gg_decision_read_api_key',
  text: `SELECT row_to_json(k) AS api_key, s.* FROM ${batchedApiKeyCheck(1)} k
         LEFT JOIN LATERAL (SELECT * FROM ${decisionStateCall(6, 'k.org_id', {
           hashSql: `CASE WHEN $13::bpchar IS NOT NULL AND '${ASSERT_IP}' = ANY(k.permissions) THEN $13::bpchar ELSE $11::bpchar END`,
           addressSql: `CASE WHEN $13::bpchar IS NOT NULL AND '${ASSERT_IP}' = ANY(k.permissions) THEN $14::inet ELSE $12::inet END`,
         })} WHERE k.nonce_claimed OFFSET 0) s ON TRUE`,
};

/** The first round trip's read for a /licensing token: any organization, the observed address ($6 hash, $7 inet). */
const READ_BY_TOKEN: PreparedStatement = {
  name: 'gg_decision_read_token',
  text: `SELECT * FROM ${decisionStateCall(1, 'NULL', { hashSql: '$6', addressSql: '$7' })}`,
};

/**
 * The one decision engine behind POST /v1/licenses/authorize and /licensing/validate|activate|extend.
 * Two round trips inside the transaction: (1) BEGIN, the caller's API key and nonce claim (authorize), lock the
 * license row, then read everything the rules need with a snapshot taken after the lock; (2) the writes the
 * decision implies, its audit events, and COMMIT. A license with more bindings than the read loads at once, under a
 * HWID or IP limit, takes one more read between them (`countedBindingsReads`). The rules are the pure
 * `decideInMode` (API.md §5, with §10's seat adaptation); the row lock makes every decision on a license atomic,
 * also across server processes.
 */
@Injectable()
export class LicenseDecisionEngine {
  constructor(
    private readonly raw: RawSession,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly regions: RegionLocator,
  ) {}

  async decide(request: DecisionRequest): Promise<LicenseDecision> {
    const now = this.clock.now();
    const keyHash = hashLicenseKey(normalizeLicenseKey(request.licenseKey));
    const caller = request.caller;
    const observed = presentedAddress(normalizeIp(request.ip));
    const asserted = caller.kind === 'api_key' ? presentedAddress(caller.assertedIp) : null;
    const hwidHash = request.hwid ? sha256Hex(request.hwid) : null;
    const sessionIdHash = request.sessionId ? sha256Hex(request.sessionId) : null;
    const extra = request.eventData ?? {};

    return this.raw.run(async (client) => {
      const state = decisionStateValues({ keyHash, hwidHash, sessionIdHash, now });
      const read: BoundStatement =
        caller.kind === 'api_key'
          ? {
              statement: READ_BY_API_KEY,
              values: [...batchedApiKeyCheckValues(caller.key, now), ...state, observed?.hash, observed?.address, asserted?.hash, asserted?.address],
            }
          : { statement: READ_BY_TOKEN, values: [...state, observed?.hash, observed?.address] };
      const batch: BoundStatement[] = [{ statement: W.begin, values: [] }, read];
      // A dry run writes nothing but its nonce: it commits here, in its one round trip.
      if (request.dryRun) batch.push({ statement: W.commit, values: [] });
      const results = await runPrepared(client, batch);
      const rows = results[1]!.rows as unknown as Array<DecisionStateRow & { api_key?: ApiKeyCheckRow }>;

      let scope: { orgId: string | null; productIds: string[]; actor: Actor; fallbackProductId: string | null; ip: PresentedAddress | null };
      if (caller.kind === 'api_key') {
        const key = admitBatchedApiKey(caller.key, rows.map((r) => r.api_key!));
        scope = {
          orgId: key.orgId,
          productIds: [caller.productId, key.productId],
          actor: { type: 'api_key', id: key.id },
          fallbackProductId: key.productId,
          ip: asserted && key.permissions.includes(ASSERT_IP) ? asserted : observed,
        };
      } else {
        scope = { orgId: null, productIds: [], actor: caller.actor, fallbackProductId: null, ip: observed };
      }
      const ip = scope.ip;
      const presented = {
        hwidHash,
        ipHash: ip?.hash ?? null,
        region: null as string | null,
        sessionIdHash,
      };
      // With an API key the row carries the key whether or not a license was read (then its columns are null).
      const row = rows[0] && rows[0].id !== null ? rows[0] : null;

      const license = row ? toLicenseState(row) : null;
      const policy: EffectivePolicy | null = row ? resolveEffectivePolicy(row.default_license_policy, row.policy_override).effective : null;
      if (policy?.limits.ip.limitType === 'region' && ip) presented.region = await this.regions.countryOf(ip.address);

      let loaded: BindingJson[] = row?.bindings ?? [];
      if (row && policy && bindingsMayBeTruncated(row)) {
        // A license with more bindings than one read loads: read what its limits count (a third round trip, rare).
        const reads = countedBindingsReads(row.id, policy.limits);
        if (reads.length > 0) loaded = loaded.concat(...(await runPrepared(client, reads)).map((r) => r.rows as unknown as BindingJson[]));
      }
      const bindings = loaded.map((b) => ({
        type: b.t,
        value: b.h,
        region: b.r,
        firstSeenAt: new Date(b.f),
        lastSeenAt: new Date(b.s),
      }));
      const sessions = (row?.sessions ?? []).map((s) => ({
        id: s.id,
        sessionIdHash: s.h,
        lastSeenAt: new Date(s.s),
        revokedAt: s.r ? new Date(s.r) : null,
        ended: s.e === true,
      }));
      // The rules also see an ended session of the presented id that was revoked (its id stays refused); the writes
      // below concern open sessions only.
      const openSessions: Array<OpenSession & { id: string }> = sessions.filter((s) => !s.ended);
      const outcome = decideInMode(request.mode, {
        license,
        productIds: scope.productIds,
        productCodes: request.productCodes,
        policy,
        blacklist: { hwid: row?.hwid_hit ?? null, ip: row?.ip_hit ?? null },
        hwidBindings: bindings.filter((b) => b.type === 'HWID') as BoundBinding[],
        ipBindings: bindings.filter((b) => b.type === 'IP') as BoundBinding[],
        openSessions: sessions,
        presented,
        now,
      });

      const orgId = row?.org_id ?? scope.orgId;
      const base = { orgId, productId: license?.productId ?? scope.fallbackProductId, licenseId: license?.id ?? null, actor: scope.actor };

      if (!outcome.allow) {
        const events: NewAuditEvent[] = [{ ...base, type: 'license.authorization_denied', data: { reasonCode: outcome.reasonCode, ...extra } }];
        // An unknown key with no organization to look in (a /licensing token) has nobody to record it for.
        const record = !request.dryRun && orgId !== null;
        if (!request.dryRun) await this.commit(client, record ? [this.audit.insertStatement(events, now)] : []);
        if (record) this.audit.publishCommitted(events);
        return {
          allow: false,
          reasonCode: outcome.reasonCode,
          message: outcome.message,
          license: row && license ? decidedLicense(row, license, license, now) : null,
          policySummary: null,
          remaining: null,
          session: null,
        };
      }

      // license and policy are present on an allowed decision
      const lic = license!;
      const statements: BoundStatement[] = [];
      const events: NewAuditEvent[] = [];
      const after: LicenseState = {
        ...lic,
        activatedAt: lic.activatedAt ?? now,
        frozenMsBeforeActivation: outcome.activate ? activationSnapshot(lic, now) : lic.frozenMsBeforeActivation,
      };
      if (outcome.activate) {
        statements.push({ statement: W.activateLicense, values: [now, after.frozenMsBeforeActivation, lic.id] });
      }
      const { effectiveExpiresAt } = computeEffectiveExpiry(after, now);

      this.recordBinding(statements, events, base, 'HWID', presented.hwidHash, null, outcome.hwidKnown, bindings, now, extra);
      this.recordBinding(statements, events, base, 'IP', presented.ipHash, presented.region, outcome.ipKnown, bindings, now, extra);

      let session: { id: string; expiresAt: string } | null = null;
      if (outcome.session !== 'none' && presented.sessionIdHash) {
        const ttlMs = policy!.limits.concurrency.sessionTtlSeconds * 1000;
        const expiresAt = new Date(now.getTime() + ttlMs);
        const existing = openSessions.find((s) => s.sessionIdHash === presented.sessionIdHash);
        if (outcome.session === 'refresh' && existing) {
          statements.push({ statement: W.refreshSession, values: [now, expiresAt, presented.ipHash, presented.hwidHash, existing.id] });
          session = { id: existing.id, expiresAt: expiresAt.toISOString() };
        } else {
          if (existing?.revokedAt) {
            // /licensing only (authorize refuses a revoked id): the revoked seat ends and the authContext starts a new one.
            statements.push({ statement: W.endRevokedSession, values: [now, existing.id] });
          } else if (outcome.session === 'replace' && existing) {
            // The lapsed session with this id ended when its TTL ran out; the id starts a new session.
            statements.push({ statement: W.endLapsedSession, values: [now, existing.id] });
          }
          const id = randomUUID();
          statements.push({
            statement: W.insertSession,
            values: [id, lic.id, presented.sessionIdHash, request.deviceId, presented.ipHash, presented.hwidHash, now, expiresAt],
          });
          events.push({ ...base, type: 'session.created', data: { sessionId: id, deviceId: request.deviceId, expiresAt: expiresAt.toISOString(), ...extra } });
          session = { id, expiresAt: expiresAt.toISOString() };
        }
      }

      events.unshift({
        ...base,
        type: 'license.authorized',
        data: { wasActivated: outcome.activate, effectiveExpiresAt: effectiveExpiresAt?.toISOString() ?? null, sessionId: session?.id ?? null, ...extra },
      });
      if (!request.dryRun) {
        await this.commit(client, [...statements, this.audit.insertStatement(events, now)]);
        this.audit.publishCommitted(events);
      }

      return {
        allow: true,
        reasonCode: 'ALLOW',
        message: 'Authorization granted',
        license: decidedLicense(row!, request.dryRun ? lic : after, lic, now),
        policySummary: summarizePolicy(policy!),
        remaining: outcome.remaining,
        session: request.dryRun ? null : session,
      };
    });
  }

  private recordBinding(
    statements: BoundStatement[],
    events: NewAuditEvent[],
    base: Omit<NewAuditEvent, 'type'>,
    type: 'HWID' | 'IP',
    valueHash: string | null,
    region: string | null,
    known: boolean,
    bindings: Array<{ type: string; value: string; lastSeenAt: Date }>,
    now: Date,
    extra: Record<string, unknown>,
  ): void {
    if (!valueHash) return;
    if (known) {
      const current = bindings.find((b) => b.type === type && b.value === valueHash);
      if (current && now.getTime() - current.lastSeenAt.getTime() >= LAST_SEEN_LAG_MS) {
        statements.push({ statement: W.touchBinding, values: [now, region, base.licenseId, type, valueHash] });
      }
      return;
    }
    const id = randomUUID();
    statements.push({ statement: W.insertBinding, values: [id, base.licenseId, type, valueHash, region, now] });
    events.push({ ...base, type: 'binding.created', data: { bindingId: id, type, valueHash, region, ...extra } });
  }

  private async commit(client: RawClient, statements: BoundStatement[]): Promise<void> {
    await runPrepared(client, [...statements, { statement: W.commit, values: [] }]);
  }
}

/** `state` gives activation and expiry (after the decision, or as stored); `stored` the flags that a decision never changes. */
function decidedLicense(row: DecisionStateRow, state: LicenseState, stored: LicenseState, now: Date): DecidedLicense {
  return {
    id: stored.id,
    orgId: row.org_id,
    productId: stored.productId,
    productCode: row.product_code,
    status: deriveLicenseStatus({ ...state, revokedAt: stored.revokedAt, lockedAt: stored.lockedAt }, now),
    frozen: stored.frozenAt !== null,
    isTrial: row.is_trial,
    contact: { firstName: row.contact_first_name, lastName: row.contact_last_name, email: row.contact_email },
    companyName: row.company_name,
    activatedAt: state.activatedAt?.toISOString() ?? null,
    effectiveExpiresAt: computeEffectiveExpiry(state, now).effectiveExpiresAt?.toISOString() ?? null,
    expiresAt: stored.expiresAt?.toISOString() ?? null,
    expiresAfterDays: stored.expiresAfterDays,
  };
}
