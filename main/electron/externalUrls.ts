// The one gate before shell.openExternal: the OS hands the URL to whatever handles its scheme, and
// schemes like file:, smb: or ms-msdt: have run code on people's machines. Only plain https goes out.

const MAX_EXTERNAL_URL_LENGTH = 2048;

export function isSafeExternalUrl(url: string): boolean {
  // Printable ASCII only, and no backslash: what the OS parses must be what was checked here.
  if (url.length > MAX_EXTERNAL_URL_LENGTH || !/^https:\/\/[\u0021-\u007e]+$/i.test(url) || url.includes('\\')) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}
