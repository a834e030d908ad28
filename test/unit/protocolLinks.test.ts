import { describe, expect, it } from 'vitest';
import { CallTargetError, callTargetOf } from '../../main/calls/callTargets.js';
import { meetingUriOf } from '../../main/calls/meetingLinks.js';
import { LinkError, MAX_LINK_LENGTH, linkAction, linkActionFromArgv, type LinkProblem } from '../../main/links/linkAction.js';

const MEETING = 'sip:grace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B';

function refusal(link: string): LinkProblem {
  try {
    linkAction(link);
  } catch (error) {
    expect(error).toBeInstanceOf(LinkError);
    expect((error as LinkError).message.length).toBeGreaterThan(10);
    return (error as LinkError).problem;
  }
  throw new Error(`${JSON.stringify(link)} was accepted`);
}

describe('links from the command line', () => {
  it('finds the one link among the executable, the app path, flags and the -- that ends them', () => {
    expect(linkActionFromArgv(['/opt/Softphone/softphone', '--', 'sip:ada@contoso.com'])).toEqual({ kind: 'call', address: 'sip:ada@contoso.com' });
    expect(
      linkActionFromArgv([
        'C:\\Program Files\\Softphone\\Softphone.exe',
        '--allow-file-access-from-files',
        '--original-process-start-time=1',
        'tel:+14255550100',
      ]),
    ).toEqual({
      kind: 'call',
      address: 'tel:+14255550100',
    });
    expect(linkActionFromArgv(['/usr/lib/electron/electron', '.', '--hidden', `conf:${encodeURIComponent(MEETING)}`])).toEqual({
      kind: 'joinMeeting',
      uri: MEETING,
    });
    expect(linkActionFromArgv(['D:\\Softphone.exe', '-psn_0_1234', '--log-level=debug', '--flag=sip:ada@contoso.com'])).toBeUndefined();
    expect(linkActionFromArgv([])).toBeUndefined();
  });

  it('opens one link at a time', () => {
    expect(() => linkActionFromArgv(['app', 'sip:ada@contoso.com', 'tel:+14255550100'])).toThrow(expect.objectContaining({ problem: 'severalLinks' }));
  });
});

describe('meeting links', () => {
  it('joins https meeting links, conf: URIs and conference sip: URIs, as main/calls/meetingLinks reads them', () => {
    for (const link of [
      'https://meet.contoso.com/grace/7T4LQJ2B',
      'HTTPS://meet.contoso.com/grace/7T4LQJ2B?sl=1',
      MEETING,
      `conf:${encodeURIComponent(MEETING)}`,
      `conf:${MEETING}%3Frequired-media=audio`,
    ]) {
      expect(linkAction(link)).toEqual({ kind: 'joinMeeting', uri: meetingUriOf(link) });
    }
  });

  it('says why a meeting link is not one, in meetingLinks’ words', () => {
    for (const link of [
      'https://meet.contoso.com/grace',
      'https://meet.lync.com/contoso/grace/7T4LQJ2B',
      'https://example.com/',
      'conf:javascript:alert(1)',
      'conf:%E0%A4%A',
      'https://meet.contoso.com/<script>/x',
    ]) {
      expect(refusal(link)).toBe('notAMeeting');
    }
    const error = (() => {
      try {
        linkAction('https://meet.lync.com/contoso/grace/7T4LQJ2B');
      } catch (caught) {
        return caught as LinkError;
      }
    })();
    expect(error?.message).toBe('Use the conference address from the invitation to join an online meeting.');
    expect(error?.cause).toBeInstanceOf(Error);
  });

  it('refuses credentials in a meeting link and junk a conf: URI decodes to', () => {
    expect(refusal('https://ada:secret@meet.contoso.com/grace/7T4LQJ2B')).toBe('credentials');
    expect(refusal('https://x@meet.contoso.com/grace/7T4LQJ2B')).toBe('credentials');
    // meetingUriOf lets a NUL through in the organiser; the organiser is checked again.
    expect(refusal('conf:sip:gr%00ace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B')).toBe('malformedAddress');
    expect(refusal('conf:sip:grace@127.0.0.1;gruu;opaque=app:conf:focus:id:7T4LQJ2B')).toBe('malformedAddress');
    expect(refusal('sip:gr"ace@contoso.com;gruu;opaque=app:conf:focus:id:7T4LQJ2B')).toBe('malformedAddress');
    expect(refusal('https://meet.contoso.com/grace/7T4LQJ2B extra')).toBe('notAMeeting');
  });
});

describe('call links', () => {
  it('takes a plain sip:name@domain, scheme and domain in lower case', () => {
    expect(linkAction('sip:ada@contoso.com')).toEqual({ kind: 'call', address: 'sip:ada@contoso.com' });
    expect(linkAction('SIP:Ada.Lovelace@Contoso.COM')).toEqual({ kind: 'call', address: 'sip:Ada.Lovelace@contoso.com' });
    expect(linkAction("sip:o'brien_2+desk@eu.contoso.co.uk")).toEqual({ kind: 'call', address: "sip:o'brien_2+desk@eu.contoso.co.uk" });
    expect(linkAction('sip:+14255550100@contoso.com')).toEqual({ kind: 'call', address: 'sip:+14255550100@contoso.com' });
  });

  it('refuses parameters and headers: how signalling goes is the server’s business', () => {
    for (const link of [
      'sip:user@evil.com;transport=tcp',
      'sip:ada@contoso.com;maddr=evil.com',
      'sip:ada@contoso.com?Route=%3Csip:evil.com%3E',
      'sip:ada@contoso.com;user=phone',
      'sip:ada;x=1@contoso.com',
    ]) {
      expect(refusal(link)).toBe('parameters');
    }
  });

  it('refuses credentials and what is not name@domain', () => {
    expect(refusal('sip:ada:secret@contoso.com')).toBe('credentials');
    for (const link of [
      'sip:ada',
      'sip:@contoso.com',
      'sip:ada@',
      'sip:ada@contoso',
      'sip:ada@contoso.com@evil.com',
      'sip://ada@contoso.com',
      'sip:ada@10.0.0.1',
      'sip:ada@[::1]',
      'sip:ada@-contoso.com',
      'sip:ada@contoso..com',
      'sip:.ada@contoso.com',
      'sip:ada..l@contoso.com',
      'sip:a%40b@contoso.com',
      'sip:<script>@contoso.com',
      'sip:ada@contoso.com/x',
      'sip:ada @contoso.com',
      `sip:${'a'.repeat(65)}@contoso.com`,
      `sip:ada@${'a'.repeat(250)}.com`,
    ]) {
      expect(refusal(link), link).toBe('malformedAddress');
    }
  });

  it('takes tel: numbers in international format, visual separators stripped', () => {
    expect(linkAction('tel:+14255550100')).toEqual({ kind: 'call', address: 'tel:+14255550100' });
    expect(linkAction('tel:+1-425-555-0100')).toEqual({ kind: 'call', address: 'tel:+14255550100' });
    expect(linkAction('TEL:+1 (425) 555.0100')).toEqual({ kind: 'call', address: 'tel:+14255550100' });
    expect(linkAction('tel:+44%2020%207946%200000')).toEqual({ kind: 'call', address: 'tel:+442079460000' });
  });

  it('refuses local numbers, letters, parameters and what is not E.164', () => {
    expect(refusal('tel:4255550100')).toBe('notInternationalNumber');
    expect(refusal('tel:+1-425-555-0100;ext=123')).toBe('parameters');
    expect(refusal('tel:5550100;phone-context=+1425')).toBe('parameters');
    for (const link of [
      'tel:+1-800-FLOWERS',
      'tel:',
      'tel:+',
      'tel:+0123456789',
      'tel:+12345',
      'tel:+1234567890123456',
      'tel:+1+4255550100',
      'tel:+1%0A4255550100',
      'tel:%E0%A4%A',
      `tel:+1${'0'.repeat(70)}`,
      'tel:+1/425',
    ]) {
      expect(refusal(link), link).toBe('malformedAddress');
    }
  });
});

describe('one definition of whom a link or a person can call', () => {
  /** What linkAction and callTargetOf each make of the same address: its URI, or the sentence refusing it. */
  const outcomes = (address: string) => {
    const of = (read: () => string) => {
      try {
        return read();
      } catch (error) {
        if (error instanceof LinkError && error.cause instanceof CallTargetError) return error.cause.message;
        if (error instanceof CallTargetError) return error.message;
        throw error;
      }
    };
    const link = of(() => {
      const action = linkAction(address);
      return action.kind === 'call' ? action.address : action.uri;
    });
    return { link, typed: of(() => callTargetOf(address).uri) };
  };

  it('takes and refuses the same SIP addresses and phone numbers, with the same sentence, as the Call field does', () => {
    for (const address of [
      'sip:ada@contoso.com',
      'sip:Ada.Lovelace@Contoso.COM',
      "sip:o'brien_2+desk@eu.contoso.co.uk",
      'sip:ada@contoso',
      'sip:ada@10.0.0.1',
      'sip:a!b@contoso.com',
      'sip:.ada@contoso.com',
      'sip:ada..l@contoso.com',
      `sip:${'a'.repeat(65)}@contoso.com`,
      'sip:ada@contoso.com@evil.com',
      'tel:+14255550100',
      'tel:+1 (425) 555-0100',
      'tel:+123',
      'tel:+0123456789',
      'tel:4255550100',
      'tel:+1-800-FLOWERS',
      'tel:+1234567890123456',
    ]) {
      const { link, typed } = outcomes(address);
      expect(link, address).toBe(typed);
    }
  });
});

describe('hostile links', () => {
  it('refuses every other scheme', () => {
    for (const link of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'file:///etc/passwd',
      'file://server/share/x.exe',
      'data:text/html,<script>alert(1)</script>',
      'http://meet.contoso.com/grace/7T4LQJ2B',
      'sips:ada@contoso.com',
      'callto:ada',
      'ms-msdt:/id PCWDiagnostic',
      'smb://evil.com/share',
      'vbscript:msgbox',
      'im:ada@contoso.com',
    ]) {
      expect(refusal(link), link).toBe('unsupportedScheme');
    }
  });

  it('refuses very long links before reading them', () => {
    expect(refusal(`https://meet.contoso.com/grace/${'A'.repeat(MAX_LINK_LENGTH)}`)).toBe('tooLong');
    expect(refusal(`sip:${'a'.repeat(100_000)}@contoso.com`)).toBe('tooLong');
  });

  it('refuses control characters and anything beyond ASCII: look-alikes, bidi marks, invisible and full-width characters', () => {
    for (const link of [
      'sip:ada@contoso.com\n--gpu-launcher=calc',
      'sip:ada\u0000@contoso.com',
      'sip:ada@contoso.com\r',
      'tel:+1425\t5550100',
      'sip:ada@contoso.com\u0085',
    ]) {
      expect(refusal(link), JSON.stringify(link)).toBe('controlCharacter');
    }
    for (const link of [
      'sip:ada@cоntoso.com', // Cyrillic о
      'sip:ada@contoso.com\u202e', // right-to-left override
      'sip:ad\u200ba@contoso.com', // zero-width space
      'sip:ada\uff20contoso.com', // full-width @
      'https://meet.cоntoso.com/grace/7T4LQJ2B',
      'tel:+١٤٢٥٥٥٥٠١٠٠', // Arabic-Indic digits
      'sip:ada@xn--cntoso-8nf.com\u00a0',
    ]) {
      expect(refusal(link), link).toBe('notAscii');
    }
  });

  it('never lets a switch through: a link is one argument, a flag is never a link', () => {
    expect(refusal('sip:ada@contoso.com --inspect=9229')).toBe('malformedAddress');
    expect(refusal('sip:ada@contoso.com" --gpu-launcher="calc')).toBe('malformedAddress');
    expect(linkActionFromArgv(['exe', '--gpu-launcher=sip:x@y.com'])).toBeUndefined();
  });
});
