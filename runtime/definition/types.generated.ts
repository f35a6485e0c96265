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
 * A rule as a graph {trigger, nodes, edges} (minimal now; the automation feature deepens it).
 */
export interface Automation {
  $schema?: string;
  name: Name;
  label?: Label;
  enabled?: boolean;
  trigger: AutomationTrigger;
  nodes: AutomationNode[];
  edges?: AutomationEdge[];
}
export interface AutomationTrigger {
  type: string;
  entity?: Name;
  condition?: Filter1;
}
export interface AutomationNode {
  id: string;
  type: string;
  config?: {};
}
export interface AutomationEdge {
  source: string;
  target: string;
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
