/**
 * Where the window's page comes from, and which URLs belong to it. Pure: no Electron import, so the
 * rules are unit-tested (tests/unit/electron-main/renderer-source.test.ts).
 *
 * The built renderer is served from a privileged custom scheme (app://renderer/...) instead of
 * file://, as Electron's security checklist recommends: the page gets a real origin, our CSP is sent
 * as a response header, no other file on disk is reachable from the page, and the
 * grantFileProtocolExtraPrivileges fuse can be switched off.
 */
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface RendererSource {
  /** "bundle": dist/renderer through app://; "dev": a Vite dev server on loopback (unpackaged runs only). */
  kind: 'bundle' | 'dev';
  /** scheme://host[:port], compared textually (custom schemes have an opaque WHATWG origin). */
  origin: string;
  entryUrl: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A dev server URL is honoured only when the app is not packaged and the URL is plain http on
 * loopback; anything else falls back to the bundle, so an environment variable can never point a
 * shipped app at a remote page.
 */
export function resolveRendererSource(devServerUrl: string | undefined, isPackaged: boolean): RendererSource {
  if (!isPackaged && devServerUrl) {
    const parsed = parseUrl(devServerUrl);
    if (parsed && parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)) {
      return { kind: 'dev', origin: originOf(parsed), entryUrl: parsed.href };
    }
  }
  return { kind: 'bundle', origin: APP_ORIGIN, entryUrl: `${APP_ORIGIN}/index.html` };
}

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** scheme://host[:port] for any URL, including custom schemes whose WHATWG origin is "null". */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export function isSameOrigin(url: string, origin: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.username === '' && parsed.password === '' && originOf(parsed) === origin;
}

/**
 * Maps an app:// request to a file under the renderer folder, or null when it is not ours or would
 * leave the folder (../, encoded separators, NUL). "/" and extension-less paths serve index.html,
 * so a reload on any in-app route still finds the page.
 */
export function resolveAppAsset(rendererRoot: string, requestUrl: string): string | null {
  const parsed = parseUrl(requestUrl);
  if (!parsed || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..')) return null;
  if (segments.length === 0 || !path.posix.extname(segments[segments.length - 1] ?? '')) segments.splice(0, segments.length, 'index.html');
  const root = path.resolve(rendererRoot);
  const resolved = path.resolve(root, ...segments);
  const relative = path.relative(root, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
