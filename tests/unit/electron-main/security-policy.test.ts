import { describe, expect, it } from 'vitest';
import { resolveRendererSource } from '../../../electron/main/renderer-source.ts';
import { buildCsp, isPermissionAllowed, isTrustedSender, navigationDecision, windowOpenDecision, withSecurityHeaders } from '../../../electron/main/security-policy.ts';

const bundle = resolveRendererSource(undefined, true);
const dev = resolveRendererSource('http://localhost:5173/', false);

function directives(csp: string): Map<string, string> {
  return new Map(csp.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')] as const;
  }));
}

describe('buildCsp', () => {
  it('is strict for the packaged renderer', () => {
    const csp = directives(buildCsp(bundle));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    expect(buildCsp(bundle)).not.toMatch(/unsafe-eval|\*|https?:/);
    expect(csp.get('script-src')).not.toContain('unsafe-inline');
  });

  it('lets the dev server run its inline preamble and hot-reload socket, nothing more', () => {
    const csp = directives(buildCsp(dev));
    expect(csp.get('script-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('connect-src')).toBe("'self' ws://localhost:5173");
    expect(buildCsp(dev)).not.toContain('unsafe-eval');
  });
});

describe('withSecurityHeaders', () => {
  it('replaces any CSP the server sent, whatever its case, and keeps the other headers', () => {
    const headers = withSecurityHeaders({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'], 'x-custom': 'a' }, "default-src 'none'");
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'x-custom': ['a'],
      'Content-Security-Policy': ["default-src 'none'"],
      'X-Content-Type-Options': ['nosniff'],
    });
    expect(withSecurityHeaders(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'], 'X-Content-Type-Options': ['nosniff'] });
  });
});

describe('navigation and new windows', () => {
  it('lets the page move only within its own origin and sends web links to the browser', () => {
    expect(navigationDecision('app://renderer/index.html#/help', bundle)).toBe('allow');
    expect(navigationDecision('https://example.com/', bundle)).toBe('external');
    expect(navigationDecision('http://example.com/', bundle)).toBe('external');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<script>', 'app://evil/', 'mailto:a@b.c', 'smb://host/share', 'not a url']) {
      expect(navigationDecision(url, bundle), url).toBe('deny');
    }
    expect(navigationDecision('http://localhost:5173/#/x', dev)).toBe('allow');
    expect(navigationDecision('app://renderer/index.html', dev)).toBe('deny');
  });

  it('never opens a window; http(s) goes to the system browser', () => {
    expect(windowOpenDecision('https://docs.example.com/help')).toBe('external');
    for (const url of ['app://renderer/index.html', 'file:///c:/windows/system32/calc.exe', 'javascript:void 0', 'about:blank', '']) {
      expect(windowOpenDecision(url), url).toBe('deny');
    }
  });
});

describe('isTrustedSender', () => {
  const windowId = 7;
  const ours = { webContentsId: 7, frameUrl: 'app://renderer/index.html', isMainFrame: true };

  it('trusts the main frame of our window showing our page', () => {
    expect(isTrustedSender(ours, windowId, bundle)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://renderer/index.html#/groups?x=1' }, windowId, bundle)).toBe(true);
  });

  it('refuses other windows, iframes, foreign pages, vanished frames and calls before the window exists', () => {
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, windowId, bundle)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, windowId, bundle)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, windowId, bundle)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'file:///tmp/index.html' }, windowId, bundle)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://renderer.evil/index.html' }, windowId, bundle)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, windowId, bundle)).toBe(false);
    expect(isTrustedSender(ours, null, bundle)).toBe(false);
    expect(isTrustedSender(ours, windowId, dev)).toBe(false);
  });
});

describe('isPermissionAllowed', () => {
  it('denies every permission except writing text to the clipboard from our own page', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'fullscreen', 'pointerLock', 'unknown']) {
      expect(isPermissionAllowed(permission, 'app://renderer/index.html', bundle), permission).toBe(false);
    }
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://renderer', bundle)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example', bundle)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', '', bundle)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, bundle)).toBe(false);
  });
});
