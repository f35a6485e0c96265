// Who a run acts as (security case AZ-08). A rule started by a record change, a date, a schedule
// or a webhook acts as the platform — audited as "automation <name>" — unless its definition names
// a run-as user, whose roles then apply. A manual run acts as the user who started it, so a button
// can never do more than its user may. Users are looked up when the run starts: a suspended user's
// runs fail instead of acting.
import type { Knex } from 'knex';
import type { ActorLoader } from '../auth/actor.js';
import { findUser, findUserByEmail } from '../auth/users.js';
import { appError } from '../errors/catalog.js';
import type { Actor, Ctx } from '../records/context.js';
import type { RunActor } from './store.js';

/** A run that acts as the platform (stored on the run; resolved by resolveActor). */
export const SYSTEM_RUN_ACTOR: RunActor = { kind: 'system' };

/** The platform acting for a rule: the one place the engine makes a system actor. */
export const automationSystemActor = (rule: string): Actor => ({ kind: 'system', reason: `automation ${rule}` });

export async function resolveActor({ k, loader, actor, rule }: { k: Knex; loader: ActorLoader; actor: RunActor; rule: string }): Promise<Actor> {
  if (actor.kind === 'system') return automationSystemActor(rule);
  const user = actor.kind === 'user' ? await findUser(k, actor.id) : await findUserByEmail(k, actor.email);
  if (!user || user.status !== 'active') {
    throw appError('FORBIDDEN', `the run acts as ${actor.kind === 'user' ? `user ${actor.id}` : actor.email}, who is not an active user`);
  }
  return loader.actorFor(user);
}

/** The context of a run's writes: its actor, `via: automation`, the run as request id, its depth. */
export const runContext = (actor: Actor, runId: number, depth: number): Ctx => ({ actor, via: 'automation', requestId: `run:${runId}`, depth });
