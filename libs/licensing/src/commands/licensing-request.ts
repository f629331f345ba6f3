import type { LicenseDecisionEngine } from '@geckoguard/licenses';
import { toLicensingResponse, type LicensingMode, type LicensingResponse } from '../domain/licensing-response.js';
import { LICENSING_ACTOR, LICENSING_EVENT_DATA, seatSessionId } from '../domain/licensing-seat.js';

/** A validate, activate or extend call as the controller hands it over. */
export interface LicensingRequest {
  licenseToken: string;
  productCodes: string[] | null;
  authContext: string | null;
  /** The caller's address (through TRUST_PROXY hops). */
  ip: string;
}

/**
 * The shared body of the three decision handlers: the authorization engine in the call's mode, with the
 * authContext as HWID and seat, looked up server-wide by the token.
 */
export async function decideLicensing(engine: LicenseDecisionEngine, mode: LicensingMode, request: LicensingRequest): Promise<LicensingResponse> {
  const decision = await engine.decide({
    mode,
    caller: { kind: 'token', actor: LICENSING_ACTOR },
    licenseKey: request.licenseToken,
    productCodes: request.productCodes,
    hwid: request.authContext,
    ip: request.ip,
    deviceId: null,
    sessionId: mode === 'validate' || request.authContext === null ? null : seatSessionId(request.authContext),
    dryRun: false,
    eventData: { ...LICENSING_EVENT_DATA, action: mode },
  });
  return toLicensingResponse(mode, decision);
}
