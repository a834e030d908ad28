import { describe, expect, it } from 'vitest';
import { CallTargetError, callTargetOf } from '../../main/calls/callTargets.js';

function refusal(input: string): string {
  try {
    callTargetOf(input);
  } catch (error) {
    if (error instanceof CallTargetError) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(input)} was taken`);
}

describe('call targets: what a person types to call someone', () => {
  it('takes SIP URIs and sign-in style addresses as SIP URIs, the domain in lower case', () => {
    expect(callTargetOf('sip:ada@contoso.com')).toEqual({ kind: 'sip', uri: 'sip:ada@contoso.com' });
    expect(callTargetOf('  ada@contoso.com ')).toEqual({ kind: 'sip', uri: 'sip:ada@contoso.com' });
    expect(callTargetOf('SIP:Ada.Lovelace@Contoso.COM')).toEqual({ kind: 'sip', uri: 'sip:Ada.Lovelace@contoso.com' });
    expect(callTargetOf('first.last+team@eu.contoso.co.uk')).toEqual({ kind: 'sip', uri: 'sip:first.last+team@eu.contoso.co.uk' });
  });

  it('takes phone numbers with their country code as E.164 tel: URIs, whatever separators were typed', () => {
    expect(callTargetOf('+1 (425) 555-0100')).toEqual({ kind: 'tel', uri: 'tel:+14255550100' });
    expect(callTargetOf('+44 20 7946 0958')).toEqual({ kind: 'tel', uri: 'tel:+442079460958' });
    expect(callTargetOf('tel:+1-425-555-0100')).toEqual({ kind: 'tel', uri: 'tel:+14255550100' });
    expect(callTargetOf('+49.30.123456')).toEqual({ kind: 'tel', uri: 'tel:+4930123456' });
  });

  it('refuses numbers without the country code, with a sentence that says how to type one', () => {
    expect(refusal('425 555 0100')).toBe('Start the phone number with + and the country code, for example +1 425 555 0100.');
    expect(refusal('1234')).toMatch(/^Start the phone number with \+/);
    expect(refusal('0044 20 7946 0958')).toMatch(/^Start the phone number with \+/);
  });

  it('refuses numbers that are not E.164: too long, a country code starting with 0, letters', () => {
    expect(refusal('+1 425 555 0100 1234 5')).toMatch(/at most 15 digits/);
    expect(refusal('+0 425 555 0100')).toMatch(/at most 15 digits/);
    expect(refusal('+1 234')).toMatch(/at least 7 and at most 15 digits/);
    expect(refusal('tel:+1425;ext=12')).toMatch(/at most 15 digits/);
    expect(refusal('1-800-FLOWERS')).toMatch(/^Type a SIP address/);
  });

  it('refuses SIP URIs with parameters or headers rather than sending them to the server', () => {
    for (const input of [
      'sip:a@b.com?Subject=x',
      'sip:ada@contoso.com;transport=tcp',
      'sip:ada@contoso.com;maddr=203.0.113.7',
      'ada@contoso.com?Route=%3Csip:evil.example%3E',
      'sip:ada;x=1@contoso.com',
    ]) {
      expect(refusal(input)).toBe('Type the address alone, without ; or ? and what follows them.');
    }
  });

  it('refuses hostile or malformed input with a typed error: oversize, control characters, other schemes, bad domains', () => {
    expect(refusal(`${'a'.repeat(250)}@contoso.com`)).toBe('That is too long for an address or a phone number.');
    expect(refusal('ada@contoso.com\r\nSubject: x')).toBe('That contains characters no address or phone number has.');
    expect(refusal('ada\u0000@contoso.com')).toBe('That contains characters no address or phone number has.');
    expect(refusal('ädä@contoso.com')).toBe('That contains characters no address or phone number has.');
    expect(refusal('sips:ada@contoso.com')).toBe('Only sip: addresses can be called.');
    expect(refusal('')).toBe('Type an address or a phone number to call.');
    expect(refusal('   ')).toBe('Type an address or a phone number to call.');
    for (const input of ['javascript:alert(1)', 'https://contoso.com', 'Ada Lovelace']) {
      expect(refusal(input)).toMatch(/^Type a SIP address/);
    }
    for (const input of [
      'ada@',
      '@contoso.com',
      'ada@contoso..com',
      'ada@-contoso.com',
      'sip:ada@contoso.com:5061',
      'a b@contoso.com',
      'sip:sip:a@b.com',
      'a%40b@c.com',
      'conf:sip:x@y.com',
      // The same definition as links': a domain of two labels or more, no IP address, a dot-separated user.
      'ada@contoso',
      'ada@10.0.0.1',
      'a!b@contoso.com',
      'ada..l@contoso.com',
    ]) {
      expect(refusal(input)).toMatch(/^That is not an address that can be called/);
    }
  });
});
