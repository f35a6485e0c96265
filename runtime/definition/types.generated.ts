/* Generated from schemas/ by `npm run types`. Do not edit by hand. */

/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name = string;
/**
 * A text shown to users: a plain string or a map of locale to string ("en", "zh-CN").
 */
export type Label =
  | string
  | {
      [k: string]: string | undefined;
    };
/**
 * Longer help text: a plain string or a map of locale to string.
 */
export type LocalizedText =
  | string
  | {
      [k: string]: string | undefined;
    };
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name1 = string;
/**
 * One field of an entity. `type` selects the variant and its settings.
 */
export type Field = {
  type:
    | "text"
    | "longtext"
    | "richtext"
    | "email"
    | "phone"
    | "url"
    | "integer"
    | "number"
    | "currency"
    | "percent"
    | "boolean"
    | "date"
    | "datetime"
    | "select"
    | "multiselect"
    | "relation"
    | "user"
    | "formula"
    | "rollup"
    | "autonumber"
    | "json"
    | "file"
    | "address"
    | "rating"
    | "tags";
} & (
  | TextField
  | LongtextField
  | RichtextField
  | EmailField
  | PhoneField
  | UrlField
  | IntegerField
  | NumberField
  | CurrencyField
  | PercentField
  | BooleanField
  | DateField
  | DatetimeField
  | SelectField
  | MultiselectField
  | RelationField
  | UserField
  | FormulaField
  | RollupField
  | AutonumberField
  | JsonField
  | FileField
  | AddressField
  | RatingField
  | TagsField
);
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name2 = string;
export type FilterScalar = string | number | boolean | FilterVariable;
/**
 * @minItems 1
 * @maxItems 1000
 */
export type FilterList = [FilterScalar, ...FilterScalar[]];
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name3 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name4 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name5 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name6 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name7 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name8 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name9 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name10 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name11 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name12 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name13 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name14 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name15 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name16 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name17 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name18 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name19 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name20 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name21 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name22 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name23 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name24 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name25 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name26 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name27 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name28 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name29 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name30 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name31 = string;
/**
 * A text shown to users: a plain string or a map of locale to string ("en", "zh-CN").
 */
export type Label1 =
  | string
  | {
      [k: string]: string | undefined;
    };
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name32 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name33 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name34 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name35 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name36 = string;
/**
 * snake_case identifier, at most 63 characters, not starting with an underscore.
 */
export type Name37 = string;
export type AutomationTrigger =
  | RecordCreatedTrigger
  | RecordUpdatedTrigger
  | RecordDeletedTrigger
  | FieldChangedTrigger
  | StageEnteredTrigger
  | StageLeftTrigger
  | DateRelativeTrigger
  | CronTrigger
  | WebhookTrigger
  | ManualTrigger;
export type AutomationNode =
  | ConditionNode
  | RecordUpdateNode
  | RecordCreateNode
  | RecordDeleteNode
  | NumberIncrementNode
  | OwnerAssignNode
  | MessageSendNode
  | WebhookCallNode
  | WaitNode;
/**
 * true: on every record; false: never; a filter: on the records matching it (the record scope).
 */
export type Grant = boolean | Filter1;
/**
 * true: on every record; false: never; a filter: on the records matching it (the record scope).
 */
export type Grant1 = boolean | Filter1;
/**
 * true: on every record; false: never; a filter: on the records matching it (the record scope).
 */
export type Grant2 = boolean | Filter1;

/**
 * Every definition kind of the metamodel (schemas/*.schema.json).
 */
export interface DefinitionFiles {
  app?: App;
  entity?: Entity;
  field?: Field;
  filter?: Filter1;
  form?: Form;
  view?: View;
  pipeline?: Pipeline;
  automation?: Automation;
  dashboard?: Dashboard;
  role?: Role;
}
/**
 * The manifest of an app folder (app.json).
 */
export interface App {
  $schema?: string;
  name: Name;
  label?: Label;
  description?: LocalizedText;
  version: string;
  /**
   * @minItems 1
   */
  locales?: [string, ...string[]];
  defaultLocale?: string;
  /**
   * IANA time zone for date-relative filters (default UTC).
   */
  timezone?: string;
  plugins?: string[];
}
/**
 * A kind of record (account, contact, deal…): one table, one REST resource.
 */
export interface Entity {
  $schema?: string;
  name: Name;
  renamedFrom?: Name;
  label?: Label;
  pluralLabel?: Label;
  description?: LocalizedText;
  titleField?: Name1;
  /**
   * Fields searched by `q` (default: the title field).
   *
   * @maxItems 10
   */
  searchFields?:
    | []
    | [Name]
    | [Name, Name]
    | [Name, Name, Name]
    | [Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name, Name, Name, Name];
  /**
   * @minItems 1
   * @maxItems 500
   */
  fields: [Field, ...Field[]];
  indexes?: EntityIndex[];
  /**
   * Field combinations that identify a record for bulk upsert and import; each gets a unique index.
   */
  matchKeys?: [Name] | [Name, Name] | [Name, Name, Name] | [Name, Name, Name, Name][];
  /**
   * Validation rules checked on every write (after defaults and formulas): the record must match `assert`, or the write is refused with `message` at `field`.
   */
  rules?: EntityRule[];
}
/**
 * Single-line text.
 */
export interface TextField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name2;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "text";
  /**
   * Maximum length (default 255).
   */
  maxLength?: number;
  /**
   * Minimum length.
   */
  minLength?: number;
  /**
   * Regular expression the value must match.
   */
  pattern?: string;
  default?: string;
}
/**
 * The field must have a value whenever the record matches this condition (checked on every write; forms show it as required).
 */
export interface Filter {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter1 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Operators on one field path; several operators are ANDed.
 *
 * This interface was referenced by `Filter1`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter2`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter3`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter4`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter5`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter6`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter7`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter8`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter9`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter10`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter11`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter12`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter13`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter14`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter15`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter16`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter17`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter18`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter19`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter20`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter21`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter22`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter23`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter24`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter25`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter26`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter27`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter28`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 *
 * This interface was referenced by `Filter29`'s JSON-Schema definition
 * via the `patternProperty` "^(?!(and|or|not)$)[a-z][a-z0-9_]{0,62}(\.[a-z][a-z0-9_]{0,62}){0,3}$".
 */
export interface FieldCondition {
  eq?: FilterScalar;
  ne?: FilterScalar;
  gt?: FilterScalar;
  gte?: FilterScalar;
  lt?: FilterScalar;
  lte?: FilterScalar;
  in?: FilterList | FilterVariable;
  nin?: FilterList | FilterVariable;
  contains?: string | FilterVariable;
  startsWith?: string | FilterVariable;
  endsWith?: string | FilterVariable;
  isNull?: boolean;
  /**
   * @minItems 2
   * @maxItems 2
   */
  between?: [FilterScalar, FilterScalar];
  inLast?: RelativePeriod;
  inNext?: RelativePeriod;
  today?: true;
  thisWeek?: true;
  thisMonth?: true;
  thisQuarter?: true;
  thisYear?: true;
  some?: Filter1;
  every?: Filter1;
  none?: Filter1;
}
/**
 * A value bound at evaluation time, e.g. {"$var": "user.id"} or {"$var": "now"}.
 */
export interface FilterVariable {
  $var: string;
}
export interface RelativePeriod {
  n: number;
  unit: "day" | "week" | "month" | "year";
}
/**
 * Multi-line plain text.
 */
export interface LongtextField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name3;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter2;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "longtext";
  /**
   * Maximum length (default 100000).
   */
  maxLength?: number;
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter2 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Formatted text (not available yet: needs server-side HTML sanitizing).
 */
export interface RichtextField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name4;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter3;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "richtext";
  /**
   * Maximum length.
   */
  maxLength?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter3 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * E-mail address, stored lower-cased.
 */
export interface EmailField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name5;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter4;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "email";
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter4 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Phone number (digits, spaces, +, -, parentheses).
 */
export interface PhoneField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name6;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter5;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "phone";
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter5 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * http(s) address.
 */
export interface UrlField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name7;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter6;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "url";
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter6 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Whole number.
 */
export interface IntegerField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name8;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter7;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "integer";
  min?: number;
  max?: number;
  default?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter7 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Number; with `scale` it is an exact decimal (a string on the wire).
 */
export interface NumberField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name9;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter8;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "number";
  /**
   * Minimum.
   */
  min?: number;
  /**
   * Maximum.
   */
  max?: number;
  scale?: number;
  default?: number | string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter8 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Money amount: exact decimal, a string on the wire.
 */
export interface CurrencyField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name10;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter9;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "currency";
  /**
   * ISO 4217 code (default CNY).
   */
  currency?: string;
  /**
   * Digits after the point (default 2).
   */
  scale?: number;
  /**
   * Minimum.
   */
  min?: number;
  /**
   * Maximum.
   */
  max?: number;
  default?: number | string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter9 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Percentage (60 means 60 %): exact decimal, a string on the wire.
 */
export interface PercentField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name11;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter10;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "percent";
  /**
   * Digits after the point (default 0).
   */
  scale?: number;
  /**
   * Minimum.
   */
  min?: number;
  /**
   * Maximum.
   */
  max?: number;
  default?: number | string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter10 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Yes/no.
 */
export interface BooleanField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name12;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter11;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "boolean";
  default?: boolean;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter11 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Calendar date, YYYY-MM-DD.
 */
export interface DateField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name13;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter12;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "date";
  /**
   * A date or "today".
   */
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter12 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Instant, ISO 8601 UTC with milliseconds.
 */
export interface DatetimeField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name14;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter13;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "datetime";
  /**
   * An ISO datetime or "now".
   */
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter13 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * One value from a fixed list.
 */
export interface SelectField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name15;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter14;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "select";
  /**
   * @minItems 1
   * @maxItems 500
   */
  options: [SelectOption, ...SelectOption[]];
  default?: string;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter14 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
export interface SelectOption {
  value: string;
  label?: Label;
  color?: string;
}
/**
 * Several values from a fixed list (an array of strings).
 */
export interface MultiselectField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name16;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter15;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "multiselect";
  /**
   * @minItems 1
   * @maxItems 500
   */
  options: [SelectOption1, ...SelectOption1[]];
  /**
   * Maximum number of values.
   */
  maxItems?: number;
  default?: string[];
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter15 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
export interface SelectOption1 {
  value: string;
  label?: Label;
  color?: string;
}
/**
 * Link to records of another entity.
 */
export interface RelationField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name17;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter16;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "relation";
  target: Name18;
  cardinality: "many-to-one" | "one-to-many" | "many-to-many";
  inverse?: Name19;
  /**
   * many-to-one: what deleting the target does to this record (default set-null).
   */
  onDelete?: "restrict" | "cascade" | "set-null";
  /**
   * many-to-one: this record belongs to the target (an order line to its order). Creating, changing or deleting it needs the right to update the target record — the old and the new one when it moves — so a closed parent can not be changed through its children.
   */
  masterDetail?: boolean;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter16 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Link to a platform user (owner, assignee).
 */
export interface UserField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name20;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter17;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "user";
  default?: "currentUser";
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter17 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Computed from other fields of the record; stored so it can be filtered and sorted.
 */
export interface FormulaField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name21;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter18;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "formula";
  expression: string;
  resultType: "text" | "integer" | "number" | "currency" | "percent" | "boolean" | "date";
  scale?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter18 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Aggregate over a one-to-many relation, stored and recomputed when a child changes.
 */
export interface RollupField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name22;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter19;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "rollup";
  relation: Name23;
  aggregate: "count" | "sum" | "min" | "max" | "avg";
  field?: Name24;
  filter?: Filter20;
  scale?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter19 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter20 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Human-facing sequential number assigned on create, e.g. D-00042.
 */
export interface AutonumberField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name25;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter21;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "autonumber";
  /**
   * Pattern with one run of zeros in braces: "D-{00000}".
   */
  format: string;
  start?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter21 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Free-form JSON value.
 */
export interface JsonField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name26;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter22;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "json";
  /**
   * Optional JSON Schema the value must satisfy.
   */
  schema?: {};
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter22 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Uploaded file (not available yet: needs the storage service).
 */
export interface FileField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name27;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter23;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "file";
  accept?: string[];
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter23 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Postal address (not available yet).
 */
export interface AddressField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name28;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter24;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "address";
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter24 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Stars from 1 to max.
 */
export interface RatingField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name29;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter25;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "rating";
  /**
   * Default 5.
   */
  max?: number;
  default?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter25 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * Free tags (an array of strings).
 */
export interface TagsField {
  name: Name;
  label?: Label;
  description?: LocalizedText;
  renamedFrom?: Name30;
  /**
   * A value must be present on create and can not be cleared.
   */
  required?: boolean;
  requiredWhen?: Filter26;
  /**
   * No two records may share a value (empty values excepted).
   */
  unique?: boolean;
  /**
   * Create a database index on this field.
   */
  index?: boolean;
  /**
   * Shown but not writable through the API.
   */
  readOnly?: boolean;
  type: "tags";
  /**
   * Maximum number of tags.
   */
  maxItems?: number;
  default?: string[];
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter26 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
export interface EntityIndex {
  /**
   * @minItems 1
   * @maxItems 8
   */
  fields:
    | [Name]
    | [Name, Name]
    | [Name, Name, Name]
    | [Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name]
    | [Name, Name, Name, Name, Name, Name, Name, Name];
  unique?: boolean;
}
export interface EntityRule {
  name: Name;
  assert: Filter27;
  when?: Filter28;
  field: Name31;
  message?: Label1;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter27 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter28 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * A form layout over one entity; compiled to an rjsf schema + uiSchema.
 */
export interface Form {
  $schema?: string;
  name: Name;
  entity: Name;
  label?: Label;
  /**
   * @minItems 1
   */
  sections: [FormSection, ...FormSection[]];
}
export interface FormSection {
  title?: Label;
  /**
   * @minItems 1
   */
  fields: [FormFieldItem, ...FormFieldItem[]];
}
export interface FormFieldItem {
  field: Name;
  widget?: string;
  help?: LocalizedText;
  placeholder?: Label;
  width?: "full" | "half" | "third";
  visibleWhen?: Filter1;
  requiredWhen?: Filter1;
}
/**
 * A saved list of records: columns, filter, sort, grouping.
 */
export interface View {
  $schema?: string;
  name: Name;
  entity: Name;
  label?: Label;
  kind?: "table" | "kanban" | "calendar";
  columns?: string[];
  filter?: Filter1;
  sort?: string[];
  groupBy?: Name;
}
/**
 * A pipeline: the ordered stages of a select field, with the transitions allowed between them, the fields and conditions each stage needs, rotting, and the values the funnel and forecast add up.
 */
export interface Pipeline {
  $schema?: string;
  name: Name;
  entity: Name;
  field: Name32;
  label?: Label;
  /**
   * @minItems 1
   */
  stages: [PipelineStage, ...PipelineStage[]];
  /**
   * Allowed moves: stage → the stages it may move to. Absent: any move is allowed. A stage missing from the object may not be left.
   */
  transitions?: {
    [k: string]: string[] | undefined;
  };
  pipelineField?: Name33;
  valueField?: Name34;
  closeDateField?: Name35;
  enteredAtField?: Name36;
  stalledField?: Name37;
}
export interface PipelineStage {
  value: string;
  /**
   * Chance of winning in this stage (percent), for the weighted forecast.
   */
  probability?: number;
  /**
   * Fields that must have a value to enter this stage.
   */
  requiredFields?: Name[];
  gate?: Filter29;
  won?: boolean;
  lost?: boolean;
  label?: Label;
  /**
   * Days in this stage after which the record counts as stalled.
   */
  rotDays?: number;
}
/**
 * The one condition language: API filters, views, segments, access scopes, automation conditions, form rules and rollup filters.
 */
export interface Filter29 {
  /**
   * @minItems 1
   */
  and?: [Filter1, ...Filter1[]];
  /**
   * @minItems 1
   */
  or?: [Filter1, ...Filter1[]];
  not?: Filter1;
  [k: string]: FieldCondition | [Filter1, ...Filter1[]] | Filter1 | undefined;
}
/**
 * A rule: a trigger and a graph of nodes joined by edges (React Flow ids). Generated from the automation registry by `npm run automation:generate`; do not edit by hand.
 */
export interface Automation {
  $schema?: string;
  name: Name;
  label?: Label;
  description?: LocalizedText;
  /**
   * Whether the rule fires (default true); `_enable` / `_disable` override it at run time.
   */
  enabled?: boolean;
  /**
   * Who the rule acts as when a record change, a date, a schedule or a webhook starts it: "system" (default: the platform, audited as "automation <name>") or a user by e-mail, whose roles then apply. Manual runs always act as the user who started them.
   */
  runAs?: "system" | RunAsUser;
  /**
   * Loop limit: how many rules deep a chain started by one write may go before it is stopped and reported (default 5).
   */
  maxDepth?: number;
  retry?: AutomationRetry;
  trigger: AutomationTrigger;
  /**
   * @maxItems 100
   */
  nodes: AutomationNode[];
  /**
   * @maxItems 500
   */
  edges?: AutomationEdge[];
}
export interface RunAsUser {
  user: string;
}
export interface AutomationRetry {
  /**
   * Attempts before the run is dead-lettered (default 5).
   */
  maxAttempts?: number;
  /**
   * First retry delay; doubles on every attempt (default 10).
   */
  backoffSeconds?: number;
}
/**
 * A record of the entity was created (by anyone: the API, an import, another rule). `condition` is checked on the new record.
 */
export interface RecordCreatedTrigger {
  type: "record.created";
  entity: Name;
  condition?: Filter1;
}
/**
 * A record was changed. With `changedFields`, only when one of those fields changed value. `condition` is checked on the record after the change. Rollup recomputes count as changes.
 */
export interface RecordUpdatedTrigger {
  type: "record.updated";
  entity: Name;
  /**
   * @minItems 1
   * @maxItems 100
   */
  changedFields?: [Name, ...Name[]];
  condition?: Filter1;
}
/**
 * A record was deleted (also by a cascade). `condition` is checked on the record as it was; `{{trigger.before.x}}` reads its last values.
 */
export interface RecordDeletedTrigger {
  type: "record.deleted";
  entity: Name;
  condition?: Filter1;
}
/**
 * One field of a record changed value, optionally `from` and/or `to` given values (one value or a list).
 */
export interface FieldChangedTrigger {
  type: "field.changed";
  entity: Name;
  field: Name;
  from?:
    (string | number | boolean | null) | [string | number | boolean | null, ...(string | number | boolean | null)[]];
  to?: (string | number | boolean | null) | [string | number | boolean | null, ...(string | number | boolean | null)[]];
  condition?: Filter1;
}
/**
 * A record entered a stage (its pipeline field took one of the `stage` values, or any value when `stage` is absent), by any write path; a record created in the stage enters it too.
 */
export interface StageEnteredTrigger {
  type: "stage.entered";
  pipeline?: Name;
  entity?: Name;
  field?: Name;
  stage?: string | [string, ...string[]];
  condition?: Filter1;
}
/**
 * A record left a stage (its pipeline field changed away from one of the `stage` values).
 */
export interface StageLeftTrigger {
  type: "stage.left";
  pipeline?: Name;
  entity?: Name;
  field?: Name;
  stage?: string | [string, ...string[]];
  condition?: Filter1;
}
/**
 * Fires `before` or `after` a date or datetime field of each record (e.g. 30 days before a renewal), at `at` (HH:MM, for date fields; default 09:00) in the app's time zone. `repeat: "yearly"` fires on every anniversary (birthdays; 29 February fires on 28 February in other years). `condition` is checked on the record when it fires. Fires missed while the engine was down are caught up once.
 */
export interface DateRelativeTrigger {
  type: "date.relative";
  entity: Name;
  field: Name;
  before?: {
    n: number;
    unit: "minute" | "hour" | "day" | "week";
  };
  after?: {
    n: number;
    unit: "minute" | "hour" | "day" | "week";
  };
  at?: string;
  repeat?: "yearly";
  condition?: Filter1;
}
/**
 * Fires on a cron schedule (`schedule`: minute hour day-of-month month day-of-week, croner syntax) in the app's time zone. With `entity` (and optionally `condition`), each fire starts one run per matching record (at most 10,000); without, one run with no record.
 */
export interface CronTrigger {
  type: "cron";
  schedule: string;
  entity?: Name;
  condition?: Filter1;
}
/**
 * Fires when `POST /api/v1/_hooks/<automation>` receives a JSON body signed with the secret held in the environment variable `secretEnv` (HMAC-SHA256 of `<timestamp>.<body>`, see "Incoming webhooks"). `{{trigger.body.x}}` reads the body.
 */
export interface WebhookTrigger {
  type: "webhook";
  secretEnv: string;
}
/**
 * Started by `POST /api/v1/_automations/<name>/_run` — on a record of `entity` when it names one. Administrators and designers may start it; with `button.roles`, users of those roles who may read the record may too. A manual run acts with the permissions of whoever started it, never more.
 */
export interface ManualTrigger {
  type: "manual";
  entity?: Name;
  button?: {
    label: Label;
    /**
     * @maxItems 50
     */
    roles?: Name[];
  };
}
/**
 * Tests the run's record against `condition` (the filter language; dotted paths read related records) and follows the outgoing edges labelled `"true"` or `"false"`; unlabelled edges are always followed.
 */
export interface ConditionNode {
  id: string;
  type: "condition";
  label?: Label;
  position?: NodePosition;
  config: ConditionConfig;
}
export interface NodePosition {
  x: number;
  y: number;
}
export interface ConditionConfig {
  condition: Filter1;
}
/**
 * Updates the run's record, or a related one through a many-to-one `target` path (`account`, `student.guardian`). Pipeline gates, access scopes and validation apply as for any write.
 */
export interface RecordUpdateNode {
  id: string;
  type: "record.update";
  label?: Label;
  position?: NodePosition;
  config: RecordUpdateConfig;
}
export interface RecordUpdateConfig {
  /**
   * "record" (default) or a many-to-one path from it, e.g. "account" or "student.guardian".
   */
  target?: string;
  /**
   * Field → value; strings may hold {{templates}}; a string that is one {{tag}} keeps the value's type.
   */
  values: {};
}
/**
 * Creates a record of `entity` with `values` (e.g. a follow-up activity for the run's record). `{{steps.<id>.output.id}}` is the new record's id.
 */
export interface RecordCreateNode {
  id: string;
  type: "record.create";
  label?: Label;
  position?: NodePosition;
  config: RecordCreateConfig;
}
export interface RecordCreateConfig {
  entity: Name;
  /**
   * Field → value; strings may hold {{templates}}; a string that is one {{tag}} keeps the value's type.
   */
  values: {};
}
/**
 * Deletes the run's record or a related one (`target`). Restrict relations and access rules apply.
 */
export interface RecordDeleteNode {
  id: string;
  type: "record.delete";
  label?: Label;
  position?: NodePosition;
  config?: RecordDeleteConfig;
}
export interface RecordDeleteConfig {
  /**
   * "record" (default) or a many-to-one path from it, e.g. "account" or "student.guardian".
   */
  target?: string;
}
/**
 * Adds `by` (default 1; negative subtracts; may be a {{template}}) to a number field of the run's record or a related one, e.g. loyalty points. The read and the write happen in the run's transaction, so concurrent increments are not lost.
 */
export interface NumberIncrementNode {
  id: string;
  type: "number.increment";
  label?: Label;
  position?: NodePosition;
  config: NumberIncrementConfig;
}
export interface NumberIncrementConfig {
  /**
   * "record" (default) or a many-to-one path from it, e.g. "account" or "student.guardian".
   */
  target?: string;
  field: Name;
  by?: number | string;
}
/**
 * Sets a user field (`field`, default `owner`) of the run's record (or `target`) to the next user: `round-robin` in turn, or `least-loaded` (fewest records of that entity already assigned, counting only those matching `openRecords`). Candidates are the active users of `team`, of `role`, and/or in `users` (e-mails), in id order.
 */
export interface OwnerAssignNode {
  id: string;
  type: "owner.assign";
  label?: Label;
  position?: NodePosition;
  config: OwnerAssignConfig;
}
export interface OwnerAssignConfig {
  strategy: "round-robin" | "least-loaded";
  target?: string;
  field?: Name;
  team?: string;
  role?: Name;
  /**
   * @minItems 1
   * @maxItems 500
   */
  users?: [string, ...string[]];
  openRecords?: Filter1;
}
/**
 * Sends a message through a `channel` (`email`, `test`, or one a plugin adds) to `to`, with `subject` and `body` ({{templates}}). With `html: true` the body is HTML and every {{variable}} in it is HTML-escaped. The channel receives an idempotency key (run and node), so a retried send can be recognised.
 */
export interface MessageSendNode {
  id: string;
  type: "message.send";
  label?: Label;
  position?: NodePosition;
  config: MessageSendConfig;
}
export interface MessageSendConfig {
  channel: string;
  to: string;
  subject?: string;
  body: string;
  html?: boolean;
}
/**
 * Calls `url` (http/https; {{templates}} allowed) with `method`, `headers` and a JSON `body`. Internal and private addresses are refused (SSRF guard, also after redirects); `timeoutMs` bounds the call (default 10 s). An `Idempotency-Key` header (run and node) lets the receiver drop a repeated call. A 2xx answer's status and body (JSON or text, first 64 KB) are `{{steps.<id>.output.status}}` / `.body`; any other answer fails the step (and it is retried).
 */
export interface WebhookCallNode {
  id: string;
  type: "webhook.call";
  label?: Label;
  position?: NodePosition;
  config: WebhookCallConfig;
}
export interface WebhookCallConfig {
  url: string;
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  headers?: {
    [k: string]: string | undefined;
  };
  body?: unknown;
  timeoutMs?: number;
}
/**
 * Parks the run durably `for` a duration, or `until` a datetime ({{template}}, e.g. `{{record.expected_close}}`); a restart does not lose it. A time in the past continues at once.
 */
export interface WaitNode {
  id: string;
  type: "wait";
  label?: Label;
  position?: NodePosition;
  config?: WaitConfig;
}
export interface WaitConfig {
  for?: {
    n: number;
    unit: "minute" | "hour" | "day" | "week";
  };
  until?: string;
}
export interface AutomationEdge {
  id?: string;
  source: string;
  target: string;
  /**
   * A branch of the source node ("true"/"false" after a condition); absent: always followed.
   */
  label?: string;
}
/**
 * KPI widgets over entities (minimal now; the dashboard feature deepens it).
 */
export interface Dashboard {
  $schema?: string;
  name: Name;
  label?: Label;
  widgets: DashboardWidget[];
}
export interface DashboardWidget {
  type: "kpi" | "bar" | "line" | "pie" | "table" | "funnel";
  title?: Label;
  entity: Name;
  filter?: Filter1;
  measure?: {};
  groupBy?: string;
}
/**
 * A role and what it may do per entity: actions, record scopes (filters with $user variables) and field rules.
 */
export interface Role {
  $schema?: string;
  name: Name;
  label?: Label;
  description?: LocalizedText;
  /**
   * Administrators may do everything, manage users and read every audit entry.
   */
  admin?: boolean;
  /**
   * Per entity name, or "*" for every entity not listed.
   */
  permissions?: {
    [k: string]: EntityPermission | undefined;
  };
}
export interface EntityPermission {
  read?: Grant;
  create?: Grant;
  update?: Grant1;
  updateTo?: Grant2;
  delete?: Grant;
  export?: Grant;
  /**
   * Fields this role never sees.
   */
  hidden?: Name[];
  /**
   * Fields this role sees but may not write.
   */
  readOnly?: Name[];
}
