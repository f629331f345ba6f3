import { describe, expect, it } from '@jest/globals';
import type { LicenseDecision } from '@geckoguard/licenses';
import { toLicensingResponse } from './licensing-response.js';

const license: NonNullable<LicenseDecision['license']> = {
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

const decision = (overrides: Partial<LicenseDecision>): LicenseDecision => ({
  allow: true,
  reasonCode: 'ALLOW',
  message: 'Authorization granted',
  license,
  policySummary: 'x',
  remaining: null,
  session: { id: 's1', expiresAt: '2031-01-01T00:10:00.000Z' },
  ...overrides,
});

describe('toLicensingResponse', () => {
  it('Success carries the license fields, its effective expiry, and the seat', () => {
    expect(toLicensingResponse('activate', decision({}))).toEqual({
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
    expect(toLicensingResponse('validate', decision({ session: null })).session).toBeNull();
  });

  it('LICENSE_LOCKED is Locked, every other refusal Failed, without a seat', () => {
    const locked = toLicensingResponse('extend', decision({ allow: false, reasonCode: 'LICENSE_LOCKED', message: 'License is locked' }));
    expect(locked).toMatchObject({ authStatus: 'Locked', reasonCode: 'LICENSE_LOCKED', message: 'License is locked', session: null, productCode: 'APP' });
    const failed = toLicensingResponse('extend', decision({ allow: false, reasonCode: 'NO_ACTIVE_SESSION', message: 'none' }));
    expect(failed).toMatchObject({ authStatus: 'Failed', reasonCode: 'NO_ACTIVE_SESSION', session: null });
  });

  it('an unknown token answers null for everything that describes a license', () => {
    const res = toLicensingResponse('validate', decision({ allow: false, reasonCode: 'LICENSE_NOT_FOUND', message: 'License key not found', license: null, session: null }));
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
