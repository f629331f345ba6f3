import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignatureHeader } from './webhook-signature.js';

describe('webhook signature', () => {
  const secret = 'whsec_abc123';
  const body = '{"id":"1","event":"license.created","data":{},"timestamp":"2031-01-01T00:00:00.000Z"}';

  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, t + "." + body)>, keyed with the whole secret', () => {
    const header = signatureHeader(secret, 1_900_000_000, body);
    const hex = createHmac('sha256', secret).update(`1900000000.${body}`).digest('hex');
    expect(header).toBe(`t=1900000000,v1=${hex}`);
  });

  it('verifies its own signature, and refuses another body, secret, or an old timestamp', () => {
    const header = signatureHeader(secret, 1_900_000_000, body);
    expect(verifySignatureHeader(secret, header, body, 1_900_000_010)).toBe(true);
    expect(verifySignatureHeader(secret, header, `${body} `, 1_900_000_010)).toBe(false);
    expect(verifySignatureHeader('whsec_other', header, body, 1_900_000_010)).toBe(false);
    expect(verifySignatureHeader(secret.replace('whsec_', ''), header, body, 1_900_000_010)).toBe(false);
    expect(verifySignatureHeader(secret, header, body, 1_900_001_000)).toBe(false);
    expect(verifySignatureHeader(secret, 'garbage', body, 1_900_000_010)).toBe(false);
  });
});
