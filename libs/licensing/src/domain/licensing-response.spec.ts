import { describe, expect, it } from '@jest/globals';
import type { AllowedDecision, DecidedLicense, RefusedDecision } from '@geckoguard/licenses';
import { toLicensingResponse } from './licensing-response.js';

const license: DecidedLicense = {
  id: 'l1',
  orgId: 'o1',
  productId: 'p1',
  productCode: 'APP',
  status: 'ACTIVE',
  frozen: false,
  isTrial: true,
  contact: { firstName: 'Ada', lastName: null, email: 'ada@example.test' },
  companyName: 'Acme',
  activatedAt: '2031-01-01T00:00:00.000Z',
  effectiveExpiresAt: '2031-02-01T00:00:00.000Z',
  expiresAt: null,
  expiresAfterDays: 31,
};

const allowed = (overrides: Partial<AllowedDecision> = {}): AllowedDecision => ({
  allow: true,
  reasonCode: 'ALLOW',
  message: 'Authorization granted',
  license,
  policySummary: 'x',
  remaining: { hwid: 'unlimited', ip: 'unlimited', concurrency: 0 },
  session: { id: 's1', expiresAt: '2031-01-01T00:10:00.000Z' },
  ...overrides,
});

const refused = (reasonCode: RefusedDecision['reasonCode'], message: string, refusedLicense: DecidedLicense | null = license): RefusedDecision => ({
  allow: false,
  reasonCode,
  message,
  license: refusedLicense,
  policySummary: null,
  remaining: null,
  session: null,
});

describe('toLicensingResponse', () => {
  it('Success carries the license fields, its effective expiry, and the seat', () => {
    expect(toLicensingResponse('activate', allowed())).toEqual({
      authStatus: 'Success',
      reasonCode: 'ALLOW',
      message: 'Session activated',
      productCode: 'APP',
      isTrial: true,
      contact: { firstName: 'Ada', lastName: null, email: 'ada@example.test' },
      companyName: 'Acme',
      expiresAt: '2031-02-01T00:00:00.000Z',
      session: { expiresAt: '2031-01-01T00:10:00.000Z' },
    });
    expect(toLicensingResponse('validate', allowed({ session: null })).session).toBeNull();
  });

  it('LICENSE_LOCKED is Locked, every other refusal Failed, without a seat', () => {
    const locked = toLicensingResponse('extend', refused('LICENSE_LOCKED', 'License is locked'));
    expect(locked).toMatchObject({ authStatus: 'Locked', reasonCode: 'LICENSE_LOCKED', message: 'License is locked', session: null, productCode: 'APP' });
    const failed = toLicensingResponse('extend', refused('NO_ACTIVE_SESSION', 'none'));
    expect(failed).toMatchObject({ authStatus: 'Failed', reasonCode: 'NO_ACTIVE_SESSION', session: null });
  });

  it('an unknown token answers null for everything that describes a license', () => {
    const res = toLicensingResponse('validate', refused('LICENSE_NOT_FOUND', 'License key not found', null));
    expect(res).toEqual({
      authStatus: 'Failed',
      reasonCode: 'LICENSE_NOT_FOUND',
      message: 'License key not found',
      productCode: null,
      isTrial: null,
      contact: null,
      companyName: null,
      expiresAt: null,
      session: null,
    });
  });
});
