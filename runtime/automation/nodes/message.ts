// Send a message through a channel (email, the test channel, an SMS plugin's channel).
import { appError, type ProblemItem } from '../../errors/catalog.js';
import type { Json, NodeType } from '../types.js';

export const messageSend: NodeType = {
  type: 'message.send',
  description: 'Sends a message through a `channel` (`email`, `test`, or one a plugin adds) to `to`, with `subject` and `body` ({{templates}}). With `html: true` the body is HTML and every {{variable}} in it is HTML-escaped. The channel receives an idempotency key (run and node), so a retried send can be recognised.',
  configSchema: {
    required: ['channel', 'to', 'body'],
    properties: {
      channel: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
      to: { type: 'string', minLength: 1, maxLength: 1000 },
      subject: { type: 'string', maxLength: 1000 },
      body: { type: 'string', minLength: 1, maxLength: 100000 },
      html: { type: 'boolean' },
    },
  },
  effect: (config, registry) => (registry.channels.get(String(config.channel))?.transactional ? 'db' : 'external'),
  check(config, ctx) {
    const problems: ProblemItem[] = [];
    if (!ctx.registry.channels.has(String(config.channel))) {
      problems.push({ pointer: `${ctx.at}/config/channel`, code: 'unknown_channel', message: `unknown channel "${String(config.channel)}" (known: ${[...ctx.registry.channels.keys()].join(', ')})` });
    }
    return problems;
  },
  async run(args) {
    const channel = args.channels.get(String(args.config.channel));
    if (!channel) throw appError('VALIDATION_FAILED', `no channel "${String(args.config.channel)}"`);
    const html = args.config.html === true;
    const message = {
      to: args.render(String(args.config.to)).trim(),
      ...(args.config.subject !== undefined ? { subject: args.render(String(args.config.subject)) } : {}),
      body: args.render(String(args.config.body), { html }),
      html,
    };
    if (!message.to) throw appError('VALIDATION_FAILED', 'the message has no recipient ("to" rendered empty)');
    const input = { channel: channel.name, ...message } as Json;
    if (args.dryRun) {
      args.dryRun.messages.push(input);
      return { status: 'succeeded', input, output: { channel: channel.name, to: message.to, dryRun: true } as Json };
    }
    const sent = await channel.send({ message, idempotencyKey: args.idempotencyKey, trx: channel.transactional ? args.trx : null, automation: args.rule.name, runId: args.runId });
    return { status: 'succeeded', input, output: { channel: channel.name, to: message.to, messageId: sent.id } as Json };
  },
  example: { id: 'greet', type: 'message.send', config: { channel: 'email', to: '{{record.email}}', subject: 'Happy birthday, {{record.first_name}}!', body: 'Best wishes from all of us.' } },
};
