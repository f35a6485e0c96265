// The raw floor: plain express 5 on the platform's own knex instances and `contact` table, doing the
// least that answers each scenario. No validation, no codecs, no authorization, no error catalog:
// what any hand-written endpoint on the same stack would cost.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Knex } from 'knex';

type Dialect = 'sqlite' | 'postgres';
const TABLE = 'contact';
const WRITABLE = ['name', 'email', 'phone', 'city', 'score'] as const;

const pickWritable = (body: unknown): Record<string, unknown> => {
  const src = (body ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of WRITABLE) if (src[k] !== undefined) out[k] = src[k];
  return out;
};

/** `read` (default: `knex`) serves the GETs, as the platform's read pool serves its reads. */
export function createFloorApp(knex: Knex, dialect: Dialect, read: Knex = knex): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(express.json());

  app.get('/contact/:id', async (req, res) => {
    const row = await read(TABLE).where({ id: Number(req.params.id) }).first();
    if (!row) return void res.status(404).json({ error: 'not found' });
    res.json({ data: row });
  });

  app.get('/contact', async (req, res) => {
    const qb = read(TABLE);
    if (typeof req.query.city === 'string') qb.where('city', req.query.city);
    if (typeof req.query.q === 'string') qb.where('name', dialect === 'postgres' ? 'ilike' : 'like', `%${req.query.q}%`);
    // Case-insensitive like the platform's startsWith (SQLite's LIKE is; PostgreSQL's is not).
    if (typeof req.query.prefix === 'string') qb.where('last_name', dialect === 'postgres' ? 'ilike' : 'like', `${req.query.prefix}%`);
    // Empty values last, as the platform answers (SQLite's DESC puts NULL last by itself).
    if (req.query.sort === '-lifetime_value') qb.orderByRaw(dialect === 'postgres' ? 'lifetime_value desc nulls last' : 'lifetime_value desc');
    else qb.orderBy('id');
    const rows = await qb.limit(Math.min(Number(req.query.limit) || 50, 500));
    res.json({ data: rows });
  });

  app.post('/contact', async (req, res) => {
    const ts = new Date().toISOString();
    const [inserted] = (await knex(TABLE)
      .insert({ ...pickWritable(req.body), created_at: ts, updated_at: ts, created_by: null, updated_by: null, version: 1 }, ['id'])) as { id: number }[];
    const row = await knex(TABLE).where({ id: inserted.id }).first();
    res.status(201).json({ data: row });
  });

  app.patch('/contact/:id', async (req, res) => {
    const id = Number(req.params.id);
    const n = await knex(TABLE).where({ id }).update({ ...pickWritable(req.body), updated_at: new Date().toISOString(), version: knex.raw('?? + 1', ['version']) });
    if (n === 0) return void res.status(404).json({ error: 'not found' });
    const row = await knex(TABLE).where({ id }).first();
    res.json({ data: row });
  });

  const onError: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  };
  app.use(onError);
  return app;
}
