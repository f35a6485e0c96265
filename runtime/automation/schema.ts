// The automation definition schema and the docs' catalog, both generated from a registry: the
// `trigger` and `nodes[*]` variants are one `oneOf` branch per registered type, so a misspelt type
// or a bad config is a definition error with a pointer, and plugin types validate like built-ins.
// `npm run automation:generate` writes schemas/automation.schema.json and the catalog section of
// docs/automations.md from the built-in registry; test/automation/generated.test.ts fails when either is stale.
import type { AutomationRegistry, JsonSchema, NodeType, TriggerType } from './types.js';

const pascal = (type: string): string => type.split(/[.-]/).map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join('');

const propsOf = (schema: JsonSchema): Record<string, JsonSchema> => (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
const requiredOf = (schema: JsonSchema): string[] => (schema.required as string[] | undefined) ?? [];

function triggerVariant(t: TriggerType): JsonSchema {
  return {
    title: `${pascal(t.type)}Trigger`,
    description: t.description,
    type: 'object',
    additionalProperties: false,
    required: ['type', ...requiredOf(t.configSchema)],
    properties: { type: { const: t.type }, ...propsOf(t.configSchema) },
  };
}

function nodeVariant(n: NodeType): JsonSchema {
  const required = requiredOf(n.configSchema);
  return {
    title: `${pascal(n.type)}Node`,
    description: n.description,
    type: 'object',
    additionalProperties: false,
    required: ['id', 'type', ...(required.length ? ['config'] : [])],
    properties: {
      id: { $ref: '#/$defs/nodeId' },
      type: { const: n.type },
      label: { $ref: 'common.schema.json#/$defs/label' },
      position: { $ref: '#/$defs/position' },
      config: { title: `${pascal(n.type)}Config`, type: 'object', additionalProperties: false, ...(required.length ? { required } : {}), properties: propsOf(n.configSchema) },
    },
  };
}

export function automationSchema(registry: AutomationRegistry): JsonSchema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'automation.schema.json',
    title: 'Automation',
    description: 'A rule: a trigger and a graph of nodes joined by edges (React Flow ids). Generated from the automation registry by `npm run automation:generate`; do not edit by hand.',
    type: 'object',
    required: ['name', 'trigger', 'nodes'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      name: { $ref: 'common.schema.json#/$defs/name' },
      label: { $ref: 'common.schema.json#/$defs/label' },
      description: { $ref: 'common.schema.json#/$defs/text' },
      enabled: { type: 'boolean', description: 'Whether the rule fires (default true); `_enable` / `_disable` override it at run time.' },
      runAs: {
        description: 'Who the rule acts as when a record change, a date, a schedule or a webhook starts it: "system" (default: the platform, audited as "automation <name>") or a user by e-mail, whose roles then apply. Manual runs always act as the user who started them.',
        anyOf: [{ const: 'system' }, { title: 'RunAsUser', type: 'object', additionalProperties: false, required: ['user'], properties: { user: { type: 'string', format: 'email' } } }],
      },
      maxDepth: { type: 'integer', minimum: 1, maximum: 20, description: 'Loop limit: how many rules deep a chain started by one write may go before it is stopped and reported (default 5).' },
      retry: {
        title: 'AutomationRetry',
        type: 'object',
        additionalProperties: false,
        properties: {
          maxAttempts: { type: 'integer', minimum: 1, maximum: 20, description: 'Attempts before the run is dead-lettered (default 5).' },
          backoffSeconds: { type: 'number', minimum: 0, maximum: 86400, description: 'First retry delay; doubles on every attempt (default 10).' },
        },
      },
      trigger: { $ref: '#/$defs/trigger' },
      nodes: { type: 'array', maxItems: 100, items: { $ref: '#/$defs/node' } },
      edges: { type: 'array', maxItems: 500, items: { $ref: '#/$defs/edge' } },
    },
    $defs: {
      nodeId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      position: { title: 'NodePosition', type: 'object', additionalProperties: false, required: ['x', 'y'], properties: { x: { type: 'number' }, y: { type: 'number' } } },
      trigger: {
        title: 'AutomationTrigger',
        type: 'object',
        required: ['type'],
        discriminator: { propertyName: 'type' },
        oneOf: [...registry.triggers.values()].map(triggerVariant),
      },
      node: {
        title: 'AutomationNode',
        type: 'object',
        required: ['id', 'type'],
        discriminator: { propertyName: 'type' },
        oneOf: [...registry.nodes.values()].map(nodeVariant),
      },
      edge: {
        title: 'AutomationEdge',
        type: 'object',
        additionalProperties: false,
        required: ['source', 'target'],
        properties: {
          id: { type: 'string', maxLength: 200 },
          source: { $ref: '#/$defs/nodeId' },
          target: { $ref: '#/$defs/nodeId' },
          label: { type: 'string', maxLength: 64, description: 'A branch of the source node ("true"/"false" after a condition); absent: always followed.' },
        },
      },
    },
  };
}

/** One markdown row per config member: name, required, what it takes. */
function memberRows(schema: JsonSchema): string[] {
  const required = new Set(requiredOf(schema));
  return Object.entries(propsOf(schema)).map(([name, s]) => `| \`${name}\` | ${required.has(name) ? 'yes' : ''} | ${describe(s)} |`);
}

function describe(s: JsonSchema): string {
  if (typeof s.$ref === 'string') {
    if (s.$ref.startsWith('filter')) return 'a filter (docs/filters.md)';
    if (s.$ref.endsWith('/name')) return 'a name';
    if (s.$ref.endsWith('/label')) return 'a label (text or `{locale: text}`)';
    return s.$ref;
  }
  const own = typeof s.description === 'string' ? ` ${s.description}` : '';
  if (s.enum) return `one of ${(s.enum as unknown[]).map((v) => `\`${JSON.stringify(v)}\``).join(', ')}${own}`;
  if (s.anyOf) return `${(s.anyOf as JsonSchema[]).map(describe).join(' or ')}${own}`;
  if (s.type === 'object' && s.properties) return `\`{${Object.keys(s.properties as object).join(', ')}}\`${own}`;
  if (s.type === 'array') return `a list of ${describe((s.items as JsonSchema | undefined) ?? {})}${own}`;
  if (s.pattern) return `text matching \`${String(s.pattern)}\`${own}`;
  if (Array.isArray(s.type)) return `${(s.type as string[]).join(' or ')}${own}`;
  return `${typeof s.type === 'string' ? s.type : 'any JSON value'}${own}`;
}

const json = (v: unknown): string => `\`${JSON.stringify(v)}\``;

/** The trigger, node and channel catalog of docs/automations.md. */
export function catalogMarkdown(registry: AutomationRegistry): string {
  const out: string[] = ['### Triggers', ''];
  for (const t of registry.triggers.values()) {
    out.push(`#### \`${t.type}\``, '', t.description, '', '| member | required | value |', '|---|---|---|', ...memberRows(t.configSchema), '', `Example: ${json(t.example)}`, '');
  }
  out.push('### Nodes', '', 'Every node is `{"id", "type", "config", "label"?, "position"?}`; the members below go in `config`.', '');
  for (const n of registry.nodes.values()) {
    const rows = memberRows(n.configSchema);
    out.push(`#### \`${n.type}\``, '', n.description, '', ...(rows.length ? ['| member | required | value |', '|---|---|---|', ...rows] : ['No configuration.']), '', `Example: ${json(n.example)}`, '');
  }
  out.push('### Channels', '', '| channel | what it does |', '|---|---|');
  for (const c of registry.channels.values()) out.push(`| \`${c.name}\` | ${c.description} |`);
  out.push('');
  return out.join('\n');
}
