import { describe, expect, it } from '@jest/globals';
import { evaluateBlacklist } from './blacklist-rule.js';

describe('evaluateBlacklist (API.md §5 check 4)', () => {
  it('allows when neither the HWID nor the IP is listed', () => {
    expect(evaluateBlacklist({ hwid: null, ip: null })).toEqual({ allow: true });
  });

  it('refuses a listed HWID with the entry reason as the message', () => {
    expect(evaluateBlacklist({ hwid: { reason: 'Chargeback on order 1234' }, ip: null })).toEqual({
      allow: false,
      reasonCode: 'HWID_BLACKLISTED',
      message: 'Chargeback on order 1234',
    });
  });

  it('refuses a listed IP with the entry reason as the message', () => {
    expect(evaluateBlacklist({ hwid: null, ip: { reason: 'Known proxy range' } })).toEqual({
      allow: false,
      reasonCode: 'IP_BLACKLISTED',
      message: 'Known proxy range',
    });
  });

  it('checks the HWID before the IP: both listed → HWID_BLACKLISTED with the HWID entry reason', () => {
    expect(evaluateBlacklist({ hwid: { reason: 'hwid reason' }, ip: { reason: 'ip reason' } })).toEqual({
      allow: false,
      reasonCode: 'HWID_BLACKLISTED',
      message: 'hwid reason',
    });
    expect(evaluateBlacklist({ hwid: { reason: null }, ip: { reason: 'ip reason' } })).toMatchObject({ reasonCode: 'HWID_BLACKLISTED' });
  });

  it('uses a default message when the entry has no reason', () => {
    const hwid = evaluateBlacklist({ hwid: { reason: null }, ip: null });
    const ip = evaluateBlacklist({ hwid: null, ip: { reason: null } });
    expect(hwid).toEqual({ allow: false, reasonCode: 'HWID_BLACKLISTED', message: 'This hardware id is blacklisted' });
    expect(ip).toEqual({ allow: false, reasonCode: 'IP_BLACKLISTED', message: 'This IP address is blacklisted' });
  });
});
