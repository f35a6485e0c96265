// Triggers started by a request: an incoming webhook (signed with a shared secret) and a manual
// start from the API or a button on a record.
import type { ProblemItem } from '../../errors/catalog.js';
import type { TriggerType } from '../types.js';
import { entityIn, LABEL, NAME } from './shared.js';

export const webhook: TriggerType = {
  type: 'webhook',
  description: 'Fires when `POST /api/v1/_hooks/<automation>` receives a JSON body signed with the secret held in the environment variable `secretEnv` (HMAC-SHA256 of `<timestamp>.<body>`, see "Incoming webhooks"). `{{trigger.body.x}}` reads the body.',
  source: 'event',
  configSchema: { required: ['secretEnv'], properties: { secretEnv: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{2,100}$' } } },
  entityOf: () => null,
  example: { type: 'webhook', secretEnv: 'CRM_HOOK_WEB_FORM' },
};

export const manual: TriggerType = {
  type: 'manual',
  description: 'Started by `POST /api/v1/_automations/<name>/_run` — on a record of `entity` when it names one. Administrators and designers may start it; with `button.roles`, users of those roles who may read the record may too. A manual run acts with the permissions of whoever started it, never more.',
  source: 'event',
  configSchema: {
    properties: {
      entity: NAME,
      button: {
        type: 'object', additionalProperties: false, required: ['label'],
        properties: { label: LABEL, roles: { type: 'array', maxItems: 50, uniqueItems: true, items: NAME } },
      },
    },
  },
  entityOf: (config) => (typeof config.entity === 'string' ? config.entity : null),
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    if (config.entity !== undefined) entityIn(ctx, config.entity, `${ctx.at}/entity`, problems);
    const roles = new Set(['admin', 'designer', ...ctx.def.roles.map((r) => r.name)]);
    ((config.button as { roles?: string[] } | undefined)?.roles ?? []).forEach((r, i) => {
      if (!roles.has(r)) problems.push({ pointer: `${ctx.at}/button/roles/${i}`, code: 'unknown_role', message: `"${r}" is not a role of this app` });
    });
    return problems;
  },
  example: { type: 'manual', entity: 'deal', button: { label: { en: 'Send quote reminder' }, roles: ['sales_rep'] } },
};
