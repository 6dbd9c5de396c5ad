/**
 * Applies the rules of security-policy.ts to Electron: CSP on every response, no navigation away,
 * no new windows, no webviews, no permissions, external links only through shell.openExternal.
 */
import { shell, type Session, type WebContents } from 'electron';
import type { RendererSource } from './renderer-source.ts';
import { buildCsp, isPermissionAllowed, navigationDecision, windowOpenDecision, withSecurityHeaders } from './security-policy.ts';

function openExternally(url: string): void {
  // windowOpenDecision/navigationDecision already limited this to http(s).
  void shell.openExternal(url).catch((error: unknown) => {
    process.stderr.write(`[main] openExternal failed: ${error instanceof Error ? error.message : String(error)}\n`);
  });
}

/** Session-wide: the CSP header and the permission handlers. Call once, before the window loads. */
export function secureSession(session: Session, source: RendererSource): void {
  const csp = buildCsp(source);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders, csp) });
  });
  session.setPermissionRequestHandler((webContents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), source));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, source));
  session.setDevicePermissionHandler(() => false);
}

/** Per webContents (every one Electron creates, including any a bug might open). */
export function secureWebContents(contents: WebContents, source: RendererSource): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'external') openExternally(url);
    return { action: 'deny' };
  });
  const guardNavigation = (event: { preventDefault(): void }, url: string): void => {
    const decision = navigationDecision(url, source);
    if (decision === 'allow') return;
    event.preventDefault();
    if (decision === 'external') openExternally(url);
  };
  contents.on('will-navigate', (event) => guardNavigation(event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (navigationDecision(event.url, source) !== 'allow') event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (navigationDecision(event.url, source) !== 'allow') event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
