/** the master-data routes of the HQ server (hq/server.ts lists every route). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MASTER_PAGE_MAX, masterPublishRequestSchema, tokyoBusinessDate } from 'kaitori-sync-protocol';
import { z } from 'zod';
import type { HqDatabase } from './db.ts';
import { changeFromForm, PublishFormGuard, renderPublishFormsHtml } from './master-data-form.ts';
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

  const guard = new PublishFormGuard();
  const sendPage = async (reply: FastifyReply, notice?: { ok: boolean; text: string }, status = 200) => {
    const now = clock();
    const forms = renderPublishFormsHtml(guard.issue(now), tokyoBusinessDate(now.toISOString()));
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
      .header('x-frame-options', 'DENY')
      .send(renderMasterDataPageHtml(await readRecentMasterChanges(db, 200), notice ? { forms, notice } : { forms }));
  };

  app.get('/master-data', { preHandler: requireAdmin }, async (request, reply) => {
    const published = (request.query as { published?: string }).published;
    return sendPage(reply, published && /^\d{1,15}$/.test(published) ? { ok: true, text: `配信しました（版 ${published}）。` } : undefined);
  });

  // The page's form posts here: the same admin credentials, plus the form token (hq/master-data-form.ts). Its own
  // scope, so only this route reads form bodies; every JSON write elsewhere still refuses them.
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post('/master-data', { preHandler: requireAdmin }, async (request, reply) => {
      if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return reply.code(415).type('text/plain; charset=utf-8').send('form post expected');
      }
      const fields = (request.body ?? {}) as Record<string, string>;
      if (!guard.accepts(fields.csrf, { origin: request.headers.origin, host: request.headers.host, 'sec-fetch-site': request.headers['sec-fetch-site'] as string | undefined }, clock())) {
        return reply.code(403).type('text/plain; charset=utf-8').send('the form has expired or did not come from this page: reload the page and send again');
      }
      const body = masterPublishRequestSchema.safeParse({ changes: [changeFromForm(fields)], publishedBy: '管理画面' });
      if (!body.success) {
        const reasons = body.error.issues.map((issue) => `${issue.path.slice(2).join('.')}: ${issue.message}`).join('; ');
        return sendPage(reply, { ok: false, text: `配信できませんでした（何も配信していません）: ${reasons}` }, 400);
      }
      const version = await publishMasterData(db, body.data.changes, clock().toISOString(), body.data.publishedBy);
      // Post/redirect/get: a reload of the result does not publish twice.
      return reply.code(303).header('location', `/master-data?published=${version}`).send();
    });
  });
}
