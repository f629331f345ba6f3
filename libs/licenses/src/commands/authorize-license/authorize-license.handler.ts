import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DenialCode } from '../../domain/authorization-decision.js';
import { LicenseDecisionEngine } from '../../engine/license-decision-engine.js';
import type { AuthorizationResult } from './authorization-result.js';
import { AuthorizeLicenseCommand } from './authorize-license.command.js';

/**
 * POST /v1/licenses/authorize: the decision engine in `authorize` mode (one row lock, two round trips),
 * shaped into the §5 decision body.
 */
@CommandHandler(AuthorizeLicenseCommand)
export class AuthorizeLicenseHandler implements ICommandHandler<AuthorizeLicenseCommand> {
  constructor(private readonly engine: LicenseDecisionEngine) {}

  async execute({ request }: AuthorizeLicenseCommand): Promise<AuthorizationResult> {
    const decision = await this.engine.decide({
      mode: 'authorize',
      caller: { kind: 'api_key', key: request.apiKey, productId: request.productId, assertedIp: request.assertedIp },
      licenseKey: request.licenseKey,
      productCodes: null,
      hwid: request.hwid,
      ip: request.observedIp,
      deviceId: request.deviceId,
      sessionId: request.sessionId,
      dryRun: request.dryRun,
    });

    if (!decision.allow) {
      // authorize mode never answers NO_ACTIVE_SESSION, which only `extend` produces
      const reasonCode = decision.reasonCode as DenialCode;
      const status = reasonCode === 'LICENSE_NOT_FOUND' ? 404 : 403;
      return {
        status,
        body: {
          ok: false,
          allow: false,
          reasonCode,
          ...(status === 404 ? { error: reasonCode } : {}),
          message: decision.message,
          dryRun: request.dryRun,
        },
      };
    }

    const lic = decision.license;
    return {
      status: 200,
      body: {
        ok: true,
        allow: true,
        reasonCode: 'ALLOW',
        message: decision.message,
        policy: { summary: decision.policySummary },
        limits: { remaining: decision.remaining },
        license: { id: lic.id, status: lic.status, frozen: lic.frozen, isTrial: lic.isTrial },
        session: decision.session,
        activatedAt: lic.activatedAt,
        effectiveExpiresAt: lic.effectiveExpiresAt,
        expiresAt: lic.expiresAt,
        expiresAfterDays: lic.expiresAfterDays,
        dryRun: request.dryRun,
      },
    };
  }
}
