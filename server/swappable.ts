// One express app per runtime generation behind a stable handler: each request runs on the
// runtime that was current when it arrived (and holds it until its response is over), so an apply
// swaps the runtime without a restart and without cutting requests in flight.
import express, { type Express } from 'express';
import type { LiveRuntime } from '../runtime/index.js';
import type { RuntimeHolder } from '../runtime/definitions/holder.js';

export function swappableApp({ holder, build }: { holder: RuntimeHolder; build: (rt: LiveRuntime) => Express }): Express {
  const apps = new WeakMap<LiveRuntime, Express>();
  const outer = express();
  outer.disable('x-powered-by');
  outer.set('etag', false);
  outer.set('query parser', 'simple');
  outer.use((req, res) => {
    const g = holder.enter();
    let left = false;
    const leave = (): void => {
      if (left) return;
      left = true;
      holder.leave(g);
    };
    res.once('finish', leave);
    res.once('close', leave);
    let app = apps.get(g.rt);
    if (!app) {
      app = build(g.rt);
      apps.set(g.rt, app);
    }
    app(req, res);
  });
  return outer;
}
