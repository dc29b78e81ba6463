/**
 * The reference HQ server (B-09). Routes:
 *   POST   /api/v1/settlements        terminal bearer token; the sync batch (every outbox kind), per-item results
 *   GET    /api/v1/ping               terminal bearer token; the kiosk's cheap "is HQ there" probe
 *   POST   /api/v1/lease              terminal bearer token; take the terminal lease (S-02)
 *   PUT    /api/v1/lease/:leaseId     terminal bearer token; heartbeat
 *   DELETE /api/v1/lease/:leaseId     terminal bearer token; release
 *   GET    /api/v1/settlements?store=&date=YYYY-MM-DD&limit=&after=   admin token; a page of the day, day totals
 *   GET    /api/v1/settlements/:id    admin token; one settlement whole, with corrections and EC publish changes
 *   GET    /api/v1/till-closes?date=YYYY-MM-DD&store=   admin token; the day's till closes (M-07), with totals
 *   GET    /api/v1/till-closes/:id    admin token; one till close whole
 *   GET    /api/v1/refusals?limit=    admin token; what HQ refused (conflicts, invalid), newest first
 *   GET    /api/v1/chain              admin token; every terminal's audit chain anchor and divergences
 *   POST   /api/v1/chain/:terminalId/acknowledge   admin token, JSON {note}; close a divergence, anchor anew
 *   POST   /api/v1/receptions/:id/claim   terminal bearer token; take or renew the claim on a reception (N-02)
 *   DELETE /api/v1/receptions/:id/claim   terminal bearer token; release it
 *   GET    /api/v1/receptions?store=  admin token; a store's open receptions with their versions and claims (N-01)
 *   GET    /api/v1/store/receptions?after=&limit=  terminal bearer token; its own store's reception changes after
 *          the cursor, paged (N-03, the store feed)
 *   GET    /                          admin token (HTTP Basic, any user name); the day, till closes, refusals and chain as a page
 *   POST   /api/v1/master-data        admin token, JSON {changes:[…]}; publish master data, answers {version}
 *   GET    /api/v1/master-data?since=&limit=   terminal bearer token; the changes after `since` for its store
 *   GET    /master-data               admin token; the newest published changes as a page
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  batchRequestSchema,
  claimRequestSchema,
  DEFAULT_CLAIM_RENEW_SECONDS,
  STORE_FEED_PAGE_MAX,
  DEFAULT_CLAIM_TTL_SECONDS,
  type ItemResult,
  PROTOCOL_VERSION,
  sha256Hex,
  tokyoBusinessDate,
} from 'kaitori-sync-protocol';
import { z } from 'zod';
import { acknowledgeDivergence, readChainStates } from './chain.ts';
import type { HqDatabase } from './db.ts';
import { ingestBatch } from './ingest.ts';
import { acquireLease, type LeaseTiming, releaseLease, renewLease } from './leases.ts';
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  MAX_PAGE_SIZE,
  readDayReport,
  readRefusals,
  readSettlement,
  readTillClose,
  readTillCloses,
  renderAdminPageHtml,
} from './read.ts';
import { type ClaimTiming, claimReception, releaseClaim } from './reception-claims.ts';
import { readOpenReceptions, readStoreFeed } from './store-receptions.ts';
import { findTerminalByToken, type Terminal } from './terminals.ts';
import { registerMasterDataRoutes } from './master-data-routes.ts';

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
  /** N-02: how long a reception claim lives unless renewed, and how often a kiosk renews it. */
  claim?: Partial<ClaimTiming>;
  /** Fastify's https option (key/cert) when HQ terminates TLS itself instead of behind a reverse proxy. */
  https?: { key: Buffer | string; cert: Buffer | string };
  /** Largest request body in bytes (default 32 MiB); a kiosk splits a batch HQ answers 413. */
  bodyLimit?: number;
  newId?: () => string;
}

export interface HqServer extends FastifyInstance {}

const leaseBodySchema = z.object({ terminalCode: z.string().min(1), deviceId: z.string().min(1).max(200) });
const tillCloseQuerySchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), store: z.string().min(1).max(32).optional() });
const heartbeatBodySchema = z.object({ deviceId: z.string().min(1).max(200) });
const dayQuerySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  store: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  after: z
    .string()
    .max(400)
    .refine((cursor) => decodeCursor(cursor) !== null)
    .optional(),
});
const storeFeedQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(STORE_FEED_PAGE_MAX).default(STORE_FEED_PAGE_MAX),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const acknowledgeBodySchema = z.object({ note: z.string().trim().min(1).max(500) });

/**
 * A kiosk of the first release knows `accepted` (with `duplicate`), `conflict` and `invalid`. An item HQ failed to
 * store is left out of its answer: that kiosk retries an unanswered row later, which is what `error` asks for.
 */
function toProtocol1(result: ItemResult): Record<string, unknown>[] {
  switch (result.status) {
    case 'stored':
    case 'duplicate':
      return [
        { id: result.id, kind: result.kind, status: 'accepted', duplicate: result.status === 'duplicate', receivedAt: result.receivedAt },
      ];
    case 'error':
      return [];
    default:
      return [{ id: result.id, kind: result.kind, status: result.status, error: result.error }];
  }
}

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

export async function buildHqServer(options: HqServerOptions): Promise<HqServer> {
  const { db } = options;
  const clock = options.clock ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const timing: LeaseTiming = {
    ttlSeconds: options.lease?.ttlSeconds ?? 90,
    heartbeatSeconds: options.lease?.heartbeatSeconds ?? 30,
  };
  const claimTiming: ClaimTiming = {
    ttlSeconds: options.claim?.ttlSeconds ?? DEFAULT_CLAIM_TTL_SECONDS,
    renewSeconds: options.claim?.renewSeconds ?? DEFAULT_CLAIM_RENEW_SECONDS,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    // A batch of 100 settlements is a few hundred KiB; images, when on, make it larger.
    bodyLimit: options.bodyLimit ?? 32 * 1024 * 1024,
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
    const batch = batchRequestSchema.safeParse(request.body);
    if (!batch.success) {
      return reply.code(400).send({ error: { code: 'INVALID_BATCH', message: 'expected {items:[{kind,id,payload}]}' } });
    }
    try {
      const answer = await ingestBatch(db, request.terminal!, batch.data, {
        clock,
        storeImages: options.storeImages ?? false,
        newId,
      });
      if ((batch.data.protocol ?? 1) >= PROTOCOL_VERSION) return answer;
      return { results: answer.results.flatMap(toProtocol1) };
    } catch (error) {
      // The database itself is unreachable or refused the commit: nothing of the batch is stored; the kiosk retries.
      request.log.error({ code: (error as { code?: unknown }).code }, 'sync batch not stored');
      return reply
        .code(503)
        .send({ error: { code: 'STORE_UNAVAILABLE', message: 'HQ could not store the batch', retryable: true } });
    }
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

  app.post<{ Params: { receptionId: string } }>(
    '/api/v1/receptions/:receptionId/claim',
    { preHandler: requireTerminal },
    async (request, reply) => {
      const body = claimRequestSchema.safeParse(request.body);
      const id = request.params.receptionId;
      if (!body.success || !UUID.test(id)) {
        return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'reception UUID, receptionNumber' } });
      }
      const outcome = await claimReception(db, request.terminal!, id, body.data.receptionNumber, clock(), claimTiming);
      if (outcome.ok || outcome.code === 'RECEPTION_CLAIMED') return reply.code(outcome.ok ? 200 : 409).send(outcome);
      if (outcome.code === 'WRONG_STORE') {
        return reply.code(403).send({ ok: false, code: outcome.code, error: { code: outcome.code, message: 'another store' } });
      }
      return reply.code(409).send(outcome);
    },
  );

  app.delete<{ Params: { receptionId: string } }>(
    '/api/v1/receptions/:receptionId/claim',
    { preHandler: requireTerminal },
    async (request) => ({ released: await releaseClaim(db, request.terminal!, request.params.receptionId) }),
  );

  app.get('/api/v1/receptions', { preHandler: requireAdmin }, async (request, reply) => {
    const store = z.string().min(1).max(32).safeParse((request.query as { store?: string }).store);
    if (!store.success) return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'store=' } });
    return { receptions: await readOpenReceptions(db, store.data, clock()) };
  });

  app.get('/api/v1/settlements', { preHandler: requireAdmin }, async (request, reply) => {
    const query = dayQuerySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'date=YYYY-MM-DD[&store=][&limit=][&after=]' } });
    }
    const { date, store, limit, after } = query.data;
    return readDayReport(db, { date, store: store ?? null, limit, after: after ?? null });
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

  app.get('/api/v1/till-closes', { preHandler: requireAdmin }, async (request, reply) => {
    const query = tillCloseQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'date=YYYY-MM-DD[&store=]' } });
    return readTillCloses(db, { date: query.data.date, store: query.data.store ?? null });
  });

  app.get<{ Params: { id: string } }>('/api/v1/till-closes/:id', { preHandler: requireAdmin }, async (request, reply) => {
    const close = await readTillClose(db, request.params.id);
    if (!close) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such till close' } });
    return close;
  });

  app.get('/api/v1/refusals', { preHandler: requireAdmin }, async (request) => {
    const limit = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).catch(100).parse((request.query as { limit?: string }).limit);
    return { refusals: await readRefusals(db, limit) };
  });

  app.get('/api/v1/chain', { preHandler: requireAdmin }, async () => ({ terminals: await readChainStates(db) }));

  // JSON only: a cross-site HTML form cannot send it, so a browser holding the admin's Basic credentials cannot be
  // tricked into acknowledging a divergence.
  app.post<{ Params: { terminalId: string } }>(
    '/api/v1/chain/:terminalId/acknowledge',
    { preHandler: requireAdmin },
    async (request, reply) => {
      if (!request.headers['content-type']?.startsWith('application/json')) {
        return reply.code(415).send({ error: { code: 'JSON_REQUIRED', message: 'send {"note": "..."} as JSON' } });
      }
      const body = acknowledgeBodySchema.safeParse(request.body);
      if (!body.success) return reply.code(400).send({ error: { code: 'INVALID_REQUEST', message: 'note (1-500 characters)' } });
      const closed = await acknowledgeDivergence(db, request.params.terminalId, body.data.note, clock().toISOString());
      if (closed === 0) return reply.code(404).send({ error: { code: 'NO_OPEN_DIVERGENCE', message: 'nothing to acknowledge' } });
      return { acknowledged: closed };
    },
  );

  app.get('/', { preHandler: requireAdmin }, async (request, reply) => {
    const raw = request.query as Record<string, string | undefined>;
    const query = dayQuerySchema.safeParse({
      date: raw.date || tokyoBusinessDate(clock().toISOString()),
      store: raw.store || undefined,
      limit: raw.limit || undefined,
      after: raw.after || undefined,
    });
    if (!query.success) return reply.code(400).type('text/plain').send('date must be YYYY-MM-DD');
    const { date, store, limit, after } = query.data;
    const [report, refusals, chains, tillCloses, openReceptions] = await Promise.all([
      readDayReport(db, { date, store: store ?? null, limit, after: after ?? null }),
      readRefusals(db, 50),
      readChainStates(db),
      readTillCloses(db, { date, store: store ?? null }),
      store ? readOpenReceptions(db, store, clock()) : Promise.resolve([]),
    ]);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
      .send(renderAdminPageHtml({ report, refusals, chains, tillCloses, openReceptions }));
  });

  registerMasterDataRoutes(app, { db, clock, requireAdmin, requireTerminal });

  // N-03: a terminal reads its own store's feed only; the store comes from its token, never from the query.
  app.get('/api/v1/store/receptions', { preHandler: requireTerminal }, async (request, reply) => {
    const query = storeFeedQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'after=<cursor>[&limit=]' } });
    return readStoreFeed(db, request.terminal!.storeCode, query.data.after, query.data.limit);
  });

  return app as HqServer;
}
