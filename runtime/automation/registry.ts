// Registries of triggers, nodes and channels, per runtime and keyed by name: definitions refer to
// entries by name only, and plugins add entries of the same shape (a name, a description, a JSON
// Schema of the config, and the code that runs it). A name can be registered once.
import { emailChannel, type EmailOptions } from './channels/email.js';
import { testChannel } from './channels/test.js';
import { condition, wait } from './nodes/flow.js';
import { messageSend } from './nodes/message.js';
import { ownerAssign } from './nodes/owner.js';
import { numberIncrement, recordCreate, recordDelete, recordUpdate } from './nodes/records.js';
import { webhookCall } from './nodes/webhook.js';
import { manual, webhook } from './triggers/external.js';
import { fieldChanged, recordCreated, recordDeleted, recordUpdated, stageEntered, stageLeft } from './triggers/record.js';
import { cron, dateRelative } from './triggers/time.js';
import type { AutomationRegistry, ChannelType, NodeType, TriggerType } from './types.js';

export const BUILTIN_TRIGGERS: readonly TriggerType[] = [recordCreated, recordUpdated, recordDeleted, fieldChanged, stageEntered, stageLeft, dateRelative, cron, webhook, manual];
export const BUILTIN_NODES: readonly NodeType[] = [condition, recordUpdate, recordCreate, recordDelete, numberIncrement, ownerAssign, messageSend, webhookCall, wait];

export interface RegistryExtras {
  triggers?: readonly TriggerType[];
  nodes?: readonly NodeType[];
  channels?: readonly ChannelType[];
  /** Options of the built-in e-mail channel (tests pass a JSON transport). */
  email?: EmailOptions;
}

function byName<T>(kind: string, entries: readonly T[], nameOf: (e: T) => string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const e of entries) {
    const name = nameOf(e);
    if (map.has(name)) throw new Error(`the ${kind} "${name}" is registered twice`);
    map.set(name, e);
  }
  return map;
}

export function createAutomationRegistry(extras: RegistryExtras = {}): AutomationRegistry {
  return {
    triggers: byName('trigger', [...BUILTIN_TRIGGERS, ...(extras.triggers ?? [])], (t) => t.type),
    nodes: byName('node type', [...BUILTIN_NODES, ...(extras.nodes ?? [])], (n) => n.type),
    channels: byName('channel', [testChannel, emailChannel(extras.email), ...(extras.channels ?? [])], (c) => c.name),
  };
}
