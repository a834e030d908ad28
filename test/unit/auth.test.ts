import { describe, expect, it } from 'vitest';
import { parseMsRtcOAuthChallenge } from '../../main/ucwa/auth.js';

describe('parseMsRtcOAuthChallenge', () => {
  it('reads the documented quoted challenge beside a Bearer one (as fetch joins them)', () => {
    const header =
      'Bearer trusted_issuers="00000002-0000-0ff1-ce00-000000000000@contoso.com", client_id="00000004-0000-0ff1-ce00-000000000000", ' +
      'MsRtcOAuth href="https://lyncweb.contoso.com/WebTicket/oauthtoken",grant_type="urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password"';
    expect(parseMsRtcOAuthChallenge(header)).toEqual({
      href: 'https://lyncweb.contoso.com/WebTicket/oauthtoken',
      grantTypes: ['urn:microsoft.rtc:windows', 'urn:microsoft.rtc:anonmeeting', 'password'],
    });
  });

  it('reads the unquoted form another doc sample shows', () => {
    expect(parseMsRtcOAuthChallenge('MsRtcOAuth href=https://lyncweb.contoso.com/WebTicket/oauthtoken,grant_type=urn:microsoft.rtc:windows,password')).toEqual({
      href: 'https://lyncweb.contoso.com/WebTicket/oauthtoken',
      grantTypes: ['urn:microsoft.rtc:windows', 'password'],
    });
  });

  it('finds nothing where there is no MsRtcOAuth challenge', () => {
    expect(parseMsRtcOAuthChallenge('Bearer realm="x"')).toBeUndefined();
    expect(parseMsRtcOAuthChallenge(undefined)).toBeUndefined();
    expect(parseMsRtcOAuthChallenge('MsRtcOAuth grant_type="password"')).toBeUndefined();
  });
});
