/** the master-data routes of the HQ server (hq/server.ts lists every route). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MASTER_PAGE_MAX, masterPublishRequestSchema } from 'kaitori-sync-protocol';
import { z } from 'zod';
import type { HqDatabase } from './db.ts';
import { publishMasterData, readMasterChanges, readRecentMasterChanges, renderMasterDataPageHtml } from './master-data.ts';

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const pullQuerySchema = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MASTER_PAGE_MAX).default(MASTER_PAGE_MAX),
});

export function registerMasterDataRoutes(
  app: FastifyInstance,
  { db, clock, requireAdmin, requireTerminal }: { db: HqDatabase; clock: () => Date; requireAdmin: PreHandler; requireTerminal: PreHandler },
): void {
  // JSON only, like the other admin writes: a cross-site HTML form cannot send it with the admin's Basic credentials.
  app.post('/api/v1/master-data', { preHandler: requireAdmin }, async (request, reply) => {
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return reply.code(415).send({ error: { code: 'JSON_REQUIRED', message: 'send {"changes": [...]} as JSON' } });
    }
    const body = masterPublishRequestSchema.safeParse(request.body);
    if (!body.success) {
      return reply.code(400).send({ error: { code: 'INVALID_MASTER_DATA', message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') } });
    }
    const version = await publishMasterData(db, body.data.changes, clock().toISOString(), body.data.publishedBy);
    return { version };
  });

  app.get('/api/v1/master-data', { preHandler: requireTerminal }, async (request, reply) => {
    const query = pullQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { code: 'INVALID_QUERY', message: 'since=N&limit=1..500' } });
    return readMasterChanges(db, request.terminal!.storeCode, query.data.since, query.data.limit);
  });

  app.get('/master-data', { preHandler: requireAdmin }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(renderMasterDataPageHtml(await readRecentMasterChanges(db, 200))),
  );
}
