/**
 * The reference HQ server (B-09). Routes:
 *   POST   /api/v1/settlements        terminal bearer token; batch of settlements/cancellations, per-item results
 *   GET    /api/v1/ping               terminal bearer token; lets a kiosk tell "online" while it has nothing to send
 *   POST   /api/v1/lease              terminal bearer token; take the terminal lease (S-02)
 *   PUT    /api/v1/lease/:leaseId     terminal bearer token; heartbeat
 *   DELETE /api/v1/lease/:leaseId     terminal bearer token; release
 *   GET    /api/v1/settlements?store=&date=YYYY-MM-DD   admin token; the day's settlements with totals
 *   GET    /api/v1/settlements/:id    admin token; one settlement whole
 *   GET    /                          admin token (HTTP Basic, any user name); the same list as an HTML page
 */
import { timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import { sha256Hex } from 'kaitori-sync-protocol';
import type { HqDatabase } from './db.ts';
import { batchSchema, type ItemResult, ingestItem } from './ingest.ts';
import { acquireLease, type LeaseTiming, releaseLease, renewLease } from './leases.ts';
import { readDayReport, readSettlement, renderDayReportHtml } from './read.ts';
import { findTerminalByToken, type Terminal } from './terminals.ts';

export interface HqServerOptions {
  db: HqDatabase;
  /** Fastify's logger option; its default request log holds method, URL and address, never headers or bodies. */
  logger?: FastifyServerOptions['logger'];
  /** Keep ID photos and signatures that kiosks send (off unless the chain decides otherwise). */
  storeImages?: boolean;
  /** Token for the read API and HTML page; without one they answer 503 so nothing is readable by accident. */
  adminToken?: string;
  clock?: () => Date;
  lease?: Partial<LeaseTiming>;
  /** Fastify's https option (key/cert) when HQ terminates TLS itself instead of behind a reverse proxy. */
  https?: { key: Buffer | string; cert: Buffer | string };
}

export interface HqServer extends FastifyInstance {}

const leaseBodySchema = z.object({ terminalCode: z.string().min(1), deviceId: z.string().min(1).max(200) });
const heartbeatBodySchema = z.object({ deviceId: z.string().min(1).max(200) });
const dayQuerySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  store: z.string().min(1).max(32).optional(),
});

declare module 'fastify' {
  interface FastifyRequest {
    terminal?: Terminal;
  }
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return null;
  return header.slice('Bearer '.length).trim() || null;
}

/** Compares digests so the time taken says nothing about how much of the token was right. */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(given), 'hex'), Buffer.from(sha256Hex(expected), 'hex'));
}

function adminSecret(request: FastifyRequest): string | null {
  const header = request.headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  }
  return null;
}

function todayInTokyo(now: Date): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export async function buildHqServer(options: HqServerOptions): Promise<HqServer> {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const timing: LeaseTiming = {
    ttlSeconds: options.lease?.ttlSeconds ?? 90,
    heartbeatSeconds: options.lease?.heartbeatSeconds ?? 30,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    // A batch of 100 settlements is a few hundred KiB; images, when on, make it larger.
    bodyLimit: 32 * 1024 * 1024,
    ...(options.https ? { https: options.https } : {}),
  }) as unknown as FastifyInstance;

  const requireTerminal = async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearer(request);
    const terminal = token ? await findTerminalByToken(db, token) : null;
    if (!terminal) {
      return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: 'unknown or revoked terminal token' } });
    }
    request.terminal = terminal;
  };

  const requireAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!options.adminToken) {
      return reply.code(503).send({ error: { code: 'READ_API_DISABLED', message: 'set HQ_ADMIN_TOKEN' } });
    }
    const given = adminSecret(request);
    if (given === null || !sameSecret(given, options.adminToken)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Basic realm="Kaitori HQ", charset="UTF-8"')
        .send({ error: { code: 'UNAUTHORIZED', message: 'admin token required' } });
    }
  };

  app.post('/api/v1/settlements', { preHandler: requireTerminal }, async (request, reply) => {
    const batch = batchSchema.safeParse(request.body);
    if (!batch.success) {
      return reply.code(400).send({ error: { code: 'INVALID_BATCH', message: 'expected {items:[{kind,id,payload}]}' } });
    }
    const terminal = request.terminal!;
    const results: ItemResult[] = [];
    // One transaction per item, in order: a bad item never takes good ones down with it.
    for (const item of batch.data.items) {
      results.push(await ingestItem(db, terminal, item, { clock, storeImages: options.storeImages ?? false }));
    }
    return { results };
  });

  app.get('/api/v1/ping', { preHandler: requireTerminal }, async (request) => ({
    ok: true,
    storeCode: request.terminal!.storeCode,
    terminalCode: request.terminal!.terminalCode,
    now: clock().toISOString(),
  }));

  app.post('/api/v1/lease', { preHandler: requireTerminal }, async (request, reply) => {
    const body = leaseBodySchema.safeParse(request.body);
    if (!body.success) return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'terminalCode, deviceId' } });
    const terminal = request.terminal!;
    if (body.data.terminalCode !== terminal.terminalCode) {
      return reply.code(403).send({ error: { code: 'WRONG_TERMINAL', message: 'token belongs to another terminal' } });
    }
    const outcome = await acquireLease(db, terminal, body.data.deviceId, clock(), timing);
    if (outcome.ok) return outcome;
    return reply.code(409).send({
      error: {
        code: 'TERMINAL_IN_USE',
        message: 'this terminal account is signed in on another device',
        expiresAt: 'expiresAt' in outcome ? outcome.expiresAt : null,
      },
    });
  });

  app.put<{ Params: { leaseId: string } }>(
    '/api/v1/lease/:leaseId',
    { preHandler: requireTerminal },
    async (request, reply) => {
      const body = heartbeatBodySchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'deviceId' } });
      const outcome = await renewLease(db, request.terminal!, request.params.leaseId, body.data.deviceId, clock(), timing);
      if (outcome.ok) return outcome;
      return reply
        .code(409)
        .send({ error: { code: 'LEASE_LOST', message: 'the lease expired and was taken or released' } });
    },
  );

  app.delete<{ Params: { leaseId: string } }>(
    '/api/v1/lease/:leaseId',
    { preHandler: requireTerminal },
    async (request) => ({ released: await releaseLease(db, request.terminal!, request.params.leaseId) }),
  );

  app.get('/api/v1/settlements', { preHandler: requireAdmin }, async (request, reply) => {
    const query = dayQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'date=YYYY-MM-DD' } });
    return readDayReport(db, query.data.date, query.data.store ?? null);
  });

  app.get<{ Params: { id: string } }>(
    '/api/v1/settlements/:id',
    { preHandler: requireAdmin },
    async (request, reply) => {
      const settlement = await readSettlement(db, request.params.id);
      if (!settlement) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such settlement' } });
      return settlement;
    },
  );

  app.get('/', { preHandler: requireAdmin }, async (request, reply) => {
    const raw = request.query as Record<string, string | undefined>;
    const query = dayQuerySchema.safeParse({
      date: raw.date || todayInTokyo(clock()),
      store: raw.store || undefined,
    });
    if (!query.success) return reply.code(400).type('text/plain').send('date must be YYYY-MM-DD');
    const report = await readDayReport(db, query.data.date, query.data.store ?? null);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(renderDayReportHtml(report));
  });

  return app as HqServer;
}
