// What a field type is (architecture §2): one registry entry keyed by its name holds all of the
// type's behaviour — its definition settings, storage column, value schema, filter operators,
// widget, how values are checked and normalized on write, its named defaults and its CSV form.
// Built-in and plugin types are entries of the same shape.
import type { Field } from '../definition/types.generated.js';
import type { Storage } from '../dialect/index.js';

export type JsonSchema = Record<string, unknown>;

/** A field definition of any type (a plugin type's field is not in the generated Field union). */
export type AnyField = Field | (Record<string, unknown> & { name: string; type: string });

export interface FieldTypeSettings {
  /** The JSON Schema title of the definition variant (e.g. "PhoneField"). */
  title: string;
  description: string;
  /** JSON Schemas of the settings special to this type (besides name, label, required, …). */
  properties: Record<string, JsonSchema>;
  required?: string[];
}

export interface FieldType {
  type: string;
  settings: FieldTypeSettings;
  /** null: the field has no column of its own (one-to-many, many-to-many). */
  storage(field: AnyField): Storage | null;
  /** JSON Schema of the wire value (without null). */
  valueSchema(field: AnyField): JsonSchema;
  operators: readonly string[];
  /** Whether clients may write it (formula, rollup, autonumber are computed). */
  writable: boolean;
  /** Widget name for the studio; "text" means the default input. */
  widget: string;
  /** The rjsf `ui:widget` of compiled forms, when it differs from `widget`. */
  formWidget?: string;
  /**
   * A value that passed the value schema, as it is stored (trimmed, lower-cased, exact decimal…).
   * Strings are already in Unicode NFC.
   */
  normalize?(value: unknown, field: AnyField): unknown;
  /** What the value schema can not say (ranges of dates and decimals): a problem, or null. */
  check?(value: unknown, field: AnyField): { code: string; message: string } | null;
  /** Named defaults ("today", "now", "currentUser") → the value for this write. */
  resolveDefault?(named: unknown, env: { timezone: string; userId: number | null }): unknown;
  /** CSV export: numbers are written as they are (never formula-escaped). */
  csv?: 'number' | 'text';
  /** Definition checks beyond the settings schema (e.g. a default that is not an option). */
  checkDefinition?(field: AnyField, add: (pointer: string, code: string, message: string) => void): void;
  /** Set when the type is declared in the metamodel but not served yet. */
  unavailable?: string;
}

/** Field types by name, per runtime: the built-ins plus what the app's plugins add. */
export type FieldRegistry = ReadonlyMap<string, FieldType>;
