import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WINDOW_KINDS, type WindowKind } from '../../preload/contract.ts';
import { subscribeReceiver } from '../access.ts';
import type { Core } from '../core.ts';
import { dispatch } from '../dispatch.ts';

/**
 * The browser host: serves the built renderer and the IPC contract over HTTP on 127.0.0.1, so the very same app runs
 * in Chromium on a machine without an Electron binary (development, end-to-end tests). Never packaged.
 *
 * Guarding a loopback port matters: any web page the machine's browser opens could post to it. So every API call
 * needs the per-run token (sent as a header, which a cross-site form cannot set), an Origin equal to our own when the
 * browser sends one, and a Host header naming loopback (against DNS rebinding).
 */
export interface HostServer {
  url: string;
  origin: string;
  /** The clerk window's token. */
  token: string;
  /** V-01/V-03: the customer window's own token, valid only for the channels and events declared for that window. */
  customerToken: string;
  /** V-01: the page for the customer's screen, opened in a second browser window on the second display. */
  customerUrl: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

// The same policy as the Electron window (main/index.ts): no remote content, no eval, camera streams as blob/mediastream.
export const HOST_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Mantine sets style attributes at run time; no script can be injected through them.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MAX_BODY = 8 * 1024 * 1024;

/**
 * Issue 13 §6: how long a client may take. Everything here is loopback, so an honest request arrives in
 * milliseconds; a socket that dribbles its headers or body (slowloris) is cut instead of being kept forever, and an
 * idle one too. The event stream is the one long-lived request: its heartbeat keeps it from looking idle.
 */
export interface HostTimeouts {
  /** The whole header block must arrive within this. */
  headersMs: number;
  /** The whole request, body included, must arrive within this. */
  requestMs: number;
  /** A socket with no traffic at all is closed after this (the event stream's heartbeat is more frequent). */
  idleMs: number;
  /** A keep-alive socket waits this long for its next request. */
  keepAliveMs: number;
  /** How often the event stream sends a comment line. */
  heartbeatMs: number;
}

export const HOST_TIMEOUTS: HostTimeouts = { headersMs: 10_000, requestMs: 30_000, idleMs: 120_000, keepAliveMs: 5_000, heartbeatMs: 25_000 };

/** Q-01: the documents' print page may be framed by the kiosk page itself (it prints in an iframe here), nothing else. */
const PRINT_PAGE_CSP = HOST_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json; charset=utf-8', csp = HOST_CSP): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
  });
  res.end(body);
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Which window a token opens (V-03): each window kind has its own token, so a customer's page can never act as the clerk's. */
function windowOfToken(given: string | undefined, tokens: Record<WindowKind, string>): WindowKind | null {
  for (const window of WINDOW_KINDS) if (sameToken(given, tokens[window])) return window;
  return null;
}

/**
 * The renderer's own id for its session (sessionStorage), sent with each call and on the event stream. A customer
 * window's ids live apart from the clerk's, so a customer page can never share a clerk tab's staff session.
 */
function hostClientId(window: WindowKind, given: string | null | undefined): string {
  const prefix = window === 'customer' ? 'host-customer-' : 'host-';
  return typeof given === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(given) ? `${prefix}${given}` : `${prefix}default`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    // A request cut by the request timeout (or the client) ends here, not in a promise that never settles.
    req.on('close', () => {
      if (!req.complete) reject(new Error('request closed before its body arrived'));
    });
  });
}

/** Resolves a URL path to a file inside root, or null; anything that would leave root is refused. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const target = normalize(join(root, decoded));
  if (target !== root && !target.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return target;
}

export async function startHostServer(
  core: Core,
  options: { rendererDir: string; port?: number; token?: string; customerToken?: string; timeouts?: Partial<HostTimeouts> },
): Promise<HostServer> {
  const timeouts = { ...HOST_TIMEOUTS, ...options.timeouts };
  const token = options.token ?? randomBytes(24).toString('base64url');
  const customerToken = options.customerToken ?? randomBytes(24).toString('base64url');
  if (customerToken === token) throw new Error('the customer window needs a token of its own');
  const tokens: Record<WindowKind, string> = { clerk: token, customer: customerToken };
  const rendererDir = normalize(options.rendererDir);
  const indexFile = join(rendererDir, 'index.html');
  const customerFile = join(rendererDir, 'customer.html');
  if (!existsSync(indexFile)) throw new Error(`renderer not built: ${indexFile} is missing (run npm run build)`);
  let origin = '';
  // Each open event stream with the unsubscribe of its own, filtered subscription (V-03).
  const sseClients = new Map<ServerResponse, () => void>();

  // Node checks the header and request deadlines every connectionsCheckingInterval (default 30 s); check often
  // enough that a deadline means what it says.
  const checkingMs = Math.max(50, Math.min(1_000, Math.floor(timeouts.headersMs / 4)));
  const server = createServer({ connectionsCheckingInterval: checkingMs, requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs }, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return send(res, 421, '{"error":"bad host"}');
    const requestOrigin = req.headers.origin;
    if (requestOrigin && requestOrigin !== origin && requestOrigin !== origin.replace('127.0.0.1', 'localhost')) {
      return send(res, 403, '{"error":"bad origin"}');
    }

    if (url.pathname.startsWith('/api/')) {
      const fetchSite = req.headers['sec-fetch-site'];
      if (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') return send(res, 403, '{"error":"cross-site"}');
      if (url.pathname === '/api/events' && req.method === 'GET') {
        // EventSource cannot set headers, so the token rides in the query string of this one same-origin request.
        const window = windowOfToken(url.searchParams.get('token') ?? undefined, tokens);
        if (window === null) return send(res, 401, '{"error":"token"}');
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': connected\n\n');
        // V-03: this stream carries only what its window kind and its client's role may receive, checked per event.
        const receiver = { window, clientId: hostClientId(window, url.searchParams.get('client')) };
        const unsubscribe = subscribeReceiver(core.events, core.services.accounts, receiver, (event, payload) => {
          res.write(`event: kiosk\ndata: ${JSON.stringify({ event, payload })}\n\n`);
        });
        // V-02: an open customer stream is a customer window the clerk's wizard can ask to agree and sign.
        const detach = window === 'customer' ? core.services.customerDisplay.attach() : () => {};
        sseClients.set(res, () => {
          unsubscribe();
          detach();
        });
        const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), timeouts.heartbeatMs);
        req.on('close', () => {
          clearInterval(heartbeat);
          sseClients.get(res)?.();
          sseClients.delete(res);
        });
        return;
      }
      const match = /^\/api\/call\/([a-zA-Z]+:[a-zA-Z]+)$/.exec(url.pathname);
      if (!match || req.method !== 'POST') return send(res, 404, '{"error":"not found"}');
      const auth = req.headers.authorization;
      const window = windowOfToken(auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, tokens);
      if (window === null) return send(res, 401, '{"error":"token"}');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, '{"error":"json only"}');
      const client = req.headers['x-kiosk-client'];
      const clientId = hostClientId(window, typeof client === 'string' ? client : null);
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req)) || '{}');
      } catch {
        return send(res, 400, '{"error":"bad json"}');
      }
      const result = await dispatch(core, match[1]!, body, { clientId, window });
      return send(res, 200, JSON.stringify(result));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '{"error":"method"}');
    // V-01: the customer's screen is its own page (renderer/customer.html); it is useless without its token.
    let file = url.pathname === '/customer' ? customerFile : resolveStatic(rendererDir, url.pathname);
    if (file === null) return send(res, 404, 'not found', 'text/plain');
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Client-side routes (no file extension) get the app; a missing asset is a plain 404.
      if (extname(url.pathname) !== '') return send(res, 404, 'not found', 'text/plain');
      file = indexFile;
    }
    const csp = file === join(rendererDir, 'print.html') ? PRINT_PAGE_CSP : HOST_CSP;
    return send(res, 200, readFileSync(file), CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', csp);
  });

  server.keepAliveTimeout = timeouts.keepAliveMs;
  server.setTimeout(timeouts.idleMs, (socket) => socket.destroy());

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  const customerUrl = `${origin}/customer?token=${customerToken}`;
  core.services.customerDisplay.setOpening({ kind: 'url', url: customerUrl });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    customerToken,
    customerUrl,
    close: async () => {
      for (const [client, detach] of sseClients) {
        detach();
        client.end();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
