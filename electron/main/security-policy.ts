/**
 * The window's security rules as pure functions: the Content-Security-Policy, which navigations and
 * new windows are allowed, which IPC senders are trusted and which permissions are granted.
 * electron/main/security.ts wires them into Electron; tests/unit/electron-main/ proves them.
 */
import { isSafeExternalUrl } from '../shell/shell-handlers.ts';
import { isSameOrigin, parseUrl, type RendererSource } from './renderer-source.ts';

/**
 * Strict CSP. Scripts only from the app itself (no inline, no eval); styles also inline because
 * Ant Design's CSS-in-JS injects <style> elements; images and fonts may be data: URIs; no plugins,
 * frames, forms or <base>. The dev server additionally needs inline scripts (Vite's React preamble)
 * and a websocket back to itself for hot reload.
 */
export function buildCsp(source: RendererSource): string {
  const self = "'self'";
  const dev = source.kind === 'dev';
  const devSocket = dev ? ` ${source.origin.replace(/^http:/, 'ws:')}` : '';
  const directives: Array<[string, string]> = [
    ['default-src', "'none'"],
    ['script-src', dev ? `${self} 'unsafe-inline'` : self],
    ['style-src', `${self} 'unsafe-inline'`],
    ['img-src', `${self} data: blob:`],
    ['font-src', `${self} data:`],
    ['connect-src', `${self}${devSocket}`],
    ['worker-src', self],
    ['manifest-src', self],
    ['media-src', `${self} blob:`],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['child-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

export type HeaderMap = Record<string, string[] | string>;

/** Replaces any CSP the server sent (whatever its letter case) with ours. */
export function withSecurityHeaders(headers: HeaderMap | undefined, csp: string): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only' || lower === 'x-content-type-options') continue;
    result[name] = Array.isArray(value) ? value : [value];
  }
  result['Content-Security-Policy'] = [csp];
  result['X-Content-Type-Options'] = ['nosniff'];
  return result;
}

export type NavigationDecision = 'allow' | 'deny' | 'external';

/**
 * The page may only move within its own origin. An http(s) link goes to the system browser
 * (through shell.openExternal, which only ever sees http and https); everything else is refused.
 */
export function navigationDecision(url: string, source: RendererSource): NavigationDecision {
  if (isSameOrigin(url, source.origin)) return 'allow';
  return isSafeExternalUrl(url) ? 'external' : 'deny';
}

/** New windows are never created; http(s) URLs open in the system browser instead. */
export function windowOpenDecision(url: string): 'deny' | 'external' {
  return isSafeExternalUrl(url) ? 'external' : 'deny';
}

export interface SenderFacts {
  /** webContents id of the process that sent the message. */
  webContentsId: number;
  /** null when the frame is gone (navigated or destroyed) by the time the message is handled. */
  frameUrl: string | null;
  /** The frame is the top frame of its page, not an iframe. */
  isMainFrame: boolean;
}

/**
 * Only the top frame of our own window, showing our own page, may call the app. An iframe, a
 * page that navigated elsewhere or any other webContents is refused before the router runs.
 */
export function isTrustedSender(sender: SenderFacts, windowWebContentsId: number | null, source: RendererSource): boolean {
  if (windowWebContentsId === null || sender.webContentsId !== windowWebContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return isSameOrigin(sender.frameUrl, source.origin);
}

/**
 * Every permission is denied, with one exception: writing plain text to the clipboard from our own
 * page ("copy phone number"), which Chromium models as a permission. Reading the clipboard, camera,
 * notifications, geolocation, HID, serial... are all refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | null | undefined, source: RendererSource): boolean {
  if (permission !== 'clipboard-sanitized-write') return false;
  if (!requestingUrl) return false;
  const parsed = parseUrl(requestingUrl);
  return parsed !== null && isSameOrigin(parsed.href, source.origin);
}
