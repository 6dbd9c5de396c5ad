/**
 * Serves the built renderer (dist/renderer, inside app.asar when packaged) on app://renderer/.
 * The scheme must be declared privileged before the app is ready; the handler is installed after.
 */
import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, contentTypeFor, resolveAppAsset, type RendererSource } from './renderer-source.ts';
import { buildCsp } from './security-policy.ts';

/**
 * standard: relative URLs resolve and the page has a real origin; secure: a secure context
 * (clipboard, crypto.subtle); corsEnabled: Vite emits <script type="module" crossorigin>, a CORS-mode
 * request, and Electron refuses CORS-mode requests to custom schemes without it (the files are the
 * app's own public bundle, and no other origin is ever loaded, so nothing is exposed by it).
 */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

export function serveRenderer(session: Session, rendererRoot: string, source: RendererSource): void {
  const csp = buildCsp(source);
  session.protocol.handle(APP_SCHEME, async (request) => {
    const filePath = request.method === 'GET' ? resolveAppAsset(rendererRoot, request.url) : null;
    if (filePath === null) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    try {
      const body = await fs.readFile(filePath);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': contentTypeFor(filePath),
          'Content-Security-Policy': csp,
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    }
  });
}
