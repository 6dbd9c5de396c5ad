/**
 * Serves the built renderer (dist/renderer, inside app.asar when packaged) on app://renderer/.
 * The scheme must be declared privileged before the app is ready; the handler is installed after.
 */
import fs from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME, contentTypeFor, resolveAppAsset, type RendererSource } from './renderer-source.ts';
import { buildCsp } from './security-policy.ts';

/** Standard + secure: relative URLs resolve, the origin counts as secure (clipboard, crypto.subtle). */
export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
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
