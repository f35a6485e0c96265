// GET /api/v1/<entity>/_export: the records the caller may export, as CSV (runtime/records/export.ts),
// streamed page by page and only as fast as the client reads.
import { Router, type Response } from 'express';
import { appError } from '../../runtime/errors/catalog.js';
import { exportCsv } from '../../runtime/records/export.js';
import { parseListQuery } from '../../runtime/records/query.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import { authorizeOrThrow, visibleEntityOrThrow } from '../../runtime/records/authorize.js';
import { ctxOf } from '../http/context.js';

/** The response can take more, or the client went away. */
const drained = (res: Response): Promise<void> => new Promise((resolve) => {
  const done = (): void => {
    res.off('drain', done);
    res.off('close', done);
    resolve();
  };
  res.on('drain', done);
  res.on('close', done);
});

export function exportRoute(rt: Runtime): Router {
  const r = Router();
  r.get('/:entity/_export', async (req, res) => {
    const ctx = ctxOf(res);
    const entity = await visibleEntityOrThrow({ rt, ctx, name: String(req.params.entity) });
    await authorizeOrThrow({ rt, ctx, entity, action: 'read' });
    await authorizeOrThrow({ rt, ctx, entity, action: 'export' });
    const { raw, ...params } = req.query as Record<string, unknown>;
    if (raw !== undefined && raw !== 'true') throw appError('INVALID_QUERY', '"raw" is true or absent', { errors: [{ pointer: '/raw', code: 'invalid', message: 'true or absent' }] });
    const query = parseListQuery(rt.app, entity, { ...params, limit: '1' }, (name) => hiddenFields(rt, ctx, name));
    const csv = await exportCsv(rt, { entity: entity.name, ctx, query, raw: raw === 'true' });
    // the first page is read before any byte is sent, so its errors are problem answers
    let next = await csv.chunks.next();
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${csv.entity}.csv"`);
    while (!next.done && !res.destroyed) {
      if (!res.write(next.value)) await drained(res);
      if (res.destroyed) break;
      next = await csv.chunks.next();
    }
    if (!next.done) await csv.chunks.return();
    res.end();
  });
  return r;
}
