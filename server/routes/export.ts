// GET /api/v1/<entity>/_export: the records the caller may export, as CSV, streamed page by page.
// Text cells that a spreadsheet would run as a formula are prefixed with ' (CSV injection).
import { Router, type Response } from 'express';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { appError } from '../../runtime/errors/catalog.js';
import { listRecords } from '../../runtime/records/read.js';
import { cursorValues, parseListQuery } from '../../runtime/records/query.js';
import { hiddenFields, type Runtime } from '../../runtime/records/runtime.js';
import { authorizeOrThrow, visibleEntityOrThrow } from '../../runtime/records/authorize.js';
import { ctxOf } from '../http/context.js';

const FORMULA_START = /^[=+\-@\t\r]/;
export const escapeCsvCell = (v: string): string => (FORMULA_START.test(v) ? `'${v}` : v);

const NUMERIC = new Set(['integer', 'number', 'currency', 'percent', 'rating', 'rollup', 'autonumber']);

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
    const { raw: rawFlag, ...params } = req.query as Record<string, unknown>;
    if (rawFlag !== undefined && rawFlag !== 'true') throw appError('INVALID_QUERY', '"raw" is true or absent', { errors: [{ pointer: '/raw', code: 'invalid', message: 'true or absent' }] });
    const hidden = hiddenFields(rt, ctx, entity.name);
    const query = parseListQuery(rt.app, entity, { ...params, limit: '500' }, (name) => hiddenFields(rt, ctx, name));
    if (query.expand.length) throw appError('INVALID_QUERY', 'export does not expand relations', { errors: [{ pointer: '/expand', code: 'invalid', message: 'not supported' }] });
    const columns = ['id', ...entity.fields.filter((f) => !hidden.has(f.name) && entity.info.fields.get(f.name)!.column).map((f) => f.name), 'created_at', 'updated_at']
      .filter((c) => !query.fields || c === 'id' || query.fields.includes(c));
    const kinds = new Map(entity.fields.map((f) => [f.name, f.type]));
    const cell = (c: string, v: unknown): string => {
      if (v === null || v === undefined) return '';
      const text = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return rawFlag === 'true' || NUMERIC.has(kinds.get(c) ?? '') ? text : escapeCsvCell(text);
    };
    // One CSV chunk per page of 500 (a stream write per row costs more than the query), written
    // only as fast as the client reads; the first page comes before any byte, so its errors are problems.
    let cursor: unknown[] | null = null;
    let first = true;
    do {
      const page = await listRecords(rt, { entity: entity.name, ctx, query: { ...query, cursor, fields: null, count: false }, action: 'export' });
      const chunk = stringifySync(page.data.map((rec) => columns.map((c) => cell(c, rec[c]))), { header: first, columns, bom: first });
      if (first) {
        res.setHeader('Content-Type', 'text/csv; charset=utf-8');
        res.setHeader('Content-Disposition', `attachment; filename="${entity.name}.csv"`);
        first = false;
      }
      if (!res.write(chunk)) await drained(res);
      cursor = page.meta.nextCursor ? cursorValues(page.meta.nextCursor) : null;
    } while (cursor && !res.destroyed);
    res.end();
  });
  return r;
}
