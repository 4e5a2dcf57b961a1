// Security policy shared by the Electron window and browser mode: the CSP, which senders are
// trusted, which external links may open (Actual's trusted-url.ts: https and mailto only).

/** No eval, no remote scripts, nothing framed, nothing posted elsewhere. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const APP_ORIGIN = 'app://comptoir';

/** The renderer's own origin, in the window's custom protocol. */
export function isTrustedSender(url: string | undefined): boolean {
  // Custom schemes have an opaque origin in WHATWG URLs: compare the prefix, slash included.
  return url !== undefined && (url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`));
}

/** An external link worth handing to the system: https: or mailto:, parsed, nothing else. */
export function safeExternalUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '') return url.toString();
  if (url.protocol === 'mailto:' && url.pathname.includes('@')) return url.toString();
  return undefined;
}
