import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, contentTypeFor, isSameOrigin, resolveAppAsset, resolveRendererSource } from '../../../electron/main/renderer-source.ts';

const ROOT = path.resolve('/opt/desk/dist/renderer');

describe('resolveRendererSource', () => {
  it('serves the bundle on app://renderer by default', () => {
    expect(resolveRendererSource(undefined, false)).toEqual({ kind: 'bundle', origin: APP_ORIGIN, entryUrl: 'app://renderer/index.html' });
  });

  it('uses a loopback dev server only when the app is not packaged', () => {
    expect(resolveRendererSource('http://localhost:5173/', false)).toEqual({ kind: 'dev', origin: 'http://localhost:5173', entryUrl: 'http://localhost:5173/' });
    expect(resolveRendererSource('http://127.0.0.1:5173', false).kind).toBe('dev');
    expect(resolveRendererSource('http://localhost:5173/', true).kind).toBe('bundle');
  });

  it('ignores dev server URLs that are remote, not plain http, or not URLs', () => {
    for (const url of ['http://evil.example:5173/', 'https://localhost:5173/', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://localhost.evil.example/']) {
      expect(resolveRendererSource(url, false).kind, url).toBe('bundle');
    }
  });
});

describe('isSameOrigin', () => {
  it('compares scheme, host and port, including for the custom scheme', () => {
    expect(isSameOrigin('app://renderer/index.html#/groups', APP_ORIGIN)).toBe(true);
    expect(isSameOrigin('app://renderer2/index.html', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('app://evil/index.html', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('file:///index.html', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isSameOrigin('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
    expect(isSameOrigin('app://user:pw@renderer/', APP_ORIGIN)).toBe(false);
    expect(isSameOrigin('::', APP_ORIGIN)).toBe(false);
  });
});

describe('resolveAppAsset', () => {
  it('maps app://renderer paths to files under the renderer folder', () => {
    expect(resolveAppAsset(ROOT, 'app://renderer/index.html')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppAsset(ROOT, 'app://renderer/assets/index-abc123.js?v=1#x')).toBe(path.join(ROOT, 'assets', 'index-abc123.js'));
    expect(resolveAppAsset(ROOT, 'app://renderer/assets/%E5%AD%97%E4%BD%93.woff2')).toBe(path.join(ROOT, 'assets', '字体.woff2'));
  });

  it('serves index.html for the root and for in-app routes without an extension', () => {
    expect(resolveAppAsset(ROOT, 'app://renderer/')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppAsset(ROOT, 'app://renderer')).toBe(path.join(ROOT, 'index.html'));
    expect(resolveAppAsset(ROOT, 'app://renderer/groups/12')).toBe(path.join(ROOT, 'index.html'));
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://renderer/../../etc/passwd',
      'app://renderer/%2e%2e/%2e%2e/etc/passwd',
      'app://renderer/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://renderer/..%5c..%5cwindows%5cwin.ini',
      'app://renderer/assets/a.js%00.png',
      'app://renderer/%E0%A4%A',
    ]) {
      const resolved = resolveAppAsset(ROOT, url);
      if (resolved !== null) expect(path.relative(ROOT, resolved).startsWith('..'), url).toBe(false);
      if (resolved !== null) expect(resolved.startsWith(ROOT + path.sep), url).toBe(true);
    }
    expect(resolveAppAsset(ROOT, 'app://renderer/assets/..%2F..%2F..%2Fetc%2Fpasswd')).toBeNull();
    expect(resolveAppAsset(ROOT, 'app://renderer/assets/a.js%00.png')).toBeNull();
  });

  it('answers only its own scheme and host', () => {
    expect(resolveAppAsset(ROOT, 'app://other/index.html')).toBeNull();
    expect(resolveAppAsset(ROOT, 'file:///opt/desk/dist/renderer/index.html')).toBeNull();
    expect(resolveAppAsset(ROOT, 'https://renderer/index.html')).toBeNull();
  });
});

describe('contentTypeFor', () => {
  it('knows the types a Vite build emits', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('/x/f.woff2')).toBe('font/woff2');
    expect(contentTypeFor('/x/logo.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('/x/blob.bin')).toBe('application/octet-stream');
  });
});
