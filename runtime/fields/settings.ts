// The definition settings of the built-in field types: the JSON Schema of each type's own
// settings (besides the ones every field has). schemas/field.schema.json is generated from these
// and from plugin types the same way (npm run types), so built-in and plugin types validate alike.
import type { JsonSchema } from './types.js';

/** The choices of a select or multiselect field. */
const SELECT_OPTIONS: JsonSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 500,
  items: {
    title: 'SelectOption',
    type: 'object',
    required: ['value'],
    additionalProperties: false,
    properties: {
      value: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$' },
      label: { $ref: 'common.schema.json#/$defs/label' },
      color: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
    },
  },
};

/** Settings every field has, whatever its type. */
export const COMMON_FIELD_SETTINGS: Record<string, JsonSchema> = {
  "name": {
    "$ref": "common.schema.json#/$defs/name"
  },
  "label": {
    "$ref": "common.schema.json#/$defs/label"
  },
  "description": {
    "$ref": "common.schema.json#/$defs/text"
  },
  "renamedFrom": {
    "$ref": "common.schema.json#/$defs/name",
    "description": "The previous name: the migration renames the column and keeps its data."
  },
  "required": {
    "type": "boolean",
    "description": "A value must be present on create and can not be cleared."
  },
  "requiredWhen": {
    "$ref": "filter.schema.json",
    "description": "The field must have a value whenever the record matches this condition (checked on every write; forms show it as required)."
  },
  "unique": {
    "type": "boolean",
    "description": "No two records may share a value (empty values excepted)."
  },
  "index": {
    "type": "boolean",
    "description": "Create a database index on this field."
  },
  "readOnly": {
    "type": "boolean",
    "description": "Shown but not writable through the API."
  }
};

export interface FieldSettings { title: string; description: string; properties: Record<string, JsonSchema>; required?: string[] }

export const BUILTIN_SETTINGS: Record<string, FieldSettings> = {
  text: {
    "title": "TextField",
    "description": "Single-line text.",
    "properties": {
      "maxLength": {
        "type": "integer",
        "minimum": 1,
        "description": "Maximum length (default 255)."
      },
      "minLength": {
        "type": "integer",
        "minimum": 0,
        "description": "Minimum length."
      },
      "pattern": {
        "type": "string",
        "maxLength": 500,
        "description": "Regular expression the value must match."
      },
      "default": {
        "type": "string"
      }
    }
  },
  longtext: {
    "title": "LongtextField",
    "description": "Multi-line plain text.",
    "properties": {
      "maxLength": {
        "type": "integer",
        "minimum": 1,
        "description": "Maximum length (default 100000)."
      },
      "default": {
        "type": "string"
      }
    }
  },
  richtext: {
    "title": "RichtextField",
    "description": "Formatted text (not available yet: needs server-side HTML sanitizing).",
    "properties": {
      "maxLength": {
        "type": "integer",
        "minimum": 1,
        "description": "Maximum length."
      }
    }
  },
  email: {
    "title": "EmailField",
    "description": "E-mail address, stored lower-cased.",
    "properties": {
      "default": {
        "type": "string"
      }
    }
  },
  phone: {
    "title": "PhoneField",
    "description": "Phone number (digits, spaces, +, -, parentheses).",
    "properties": {
      "default": {
        "type": "string"
      }
    }
  },
  url: {
    "title": "UrlField",
    "description": "http(s) address.",
    "properties": {
      "default": {
        "type": "string"
      }
    }
  },
  integer: {
    "title": "IntegerField",
    "description": "Whole number.",
    "properties": {
      "min": {
        "type": "integer"
      },
      "max": {
        "type": "integer"
      },
      "default": {
        "type": "integer"
      }
    }
  },
  number: {
    "title": "NumberField",
    "description": "Number; with `scale` it is an exact decimal (a string on the wire).",
    "properties": {
      "min": {
        "type": "number",
        "description": "Minimum."
      },
      "max": {
        "type": "number",
        "description": "Maximum."
      },
      "scale": {
        "type": "integer",
        "minimum": 0,
        "maximum": 6
      },
      "default": {
        "type": [
          "number",
          "string"
        ]
      }
    }
  },
  currency: {
    "title": "CurrencyField",
    "description": "Money amount: exact decimal, a string on the wire.",
    "properties": {
      "currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "ISO 4217 code (default CNY)."
      },
      "scale": {
        "type": "integer",
        "minimum": 0,
        "maximum": 4,
        "description": "Digits after the point (default 2)."
      },
      "min": {
        "type": "number",
        "description": "Minimum."
      },
      "max": {
        "type": "number",
        "description": "Maximum."
      },
      "default": {
        "type": [
          "number",
          "string"
        ]
      }
    }
  },
  percent: {
    "title": "PercentField",
    "description": "Percentage (60 means 60 %): exact decimal, a string on the wire.",
    "properties": {
      "scale": {
        "type": "integer",
        "minimum": 0,
        "maximum": 4,
        "description": "Digits after the point (default 0)."
      },
      "min": {
        "type": "number",
        "description": "Minimum."
      },
      "max": {
        "type": "number",
        "description": "Maximum."
      },
      "default": {
        "type": [
          "number",
          "string"
        ]
      }
    }
  },
  boolean: {
    "title": "BooleanField",
    "description": "Yes/no.",
    "properties": {
      "default": {
        "type": "boolean"
      }
    }
  },
  date: {
    "title": "DateField",
    "description": "Calendar date, YYYY-MM-DD.",
    "properties": {
      "default": {
        "type": "string",
        "description": "A date or \"today\"."
      }
    }
  },
  datetime: {
    "title": "DatetimeField",
    "description": "Instant, ISO 8601 UTC with milliseconds.",
    "properties": {
      "default": {
        "type": "string",
        "description": "An ISO datetime or \"now\"."
      }
    }
  },
  select: {
    "title": "SelectField",
    "description": "One value from a fixed list.",
    "properties": {
      "options": SELECT_OPTIONS,
      "default": {
        "type": "string"
      }
    },
    "required": [
      "options"
    ]
  },
  multiselect: {
    "title": "MultiselectField",
    "description": "Several values from a fixed list (an array of strings).",
    "properties": {
      "options": SELECT_OPTIONS,
      "maxItems": {
        "type": "integer",
        "minimum": 1,
        "description": "Maximum number of values."
      },
      "default": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    },
    "required": [
      "options"
    ]
  },
  relation: {
    "title": "RelationField",
    "description": "Link to records of another entity.",
    "properties": {
      "target": {
        "$ref": "common.schema.json#/$defs/name",
        "description": "The entity linked to."
      },
      "cardinality": {
        "enum": [
          "many-to-one",
          "one-to-many",
          "many-to-many"
        ]
      },
      "inverse": {
        "$ref": "common.schema.json#/$defs/name",
        "description": "one-to-many: the many-to-one field on the target that points back here."
      },
      "onDelete": {
        "enum": [
          "restrict",
          "cascade",
          "set-null"
        ],
        "description": "many-to-one: what deleting the target does to this record (default set-null)."
      },
      "masterDetail": {
        "type": "boolean",
        "description": "many-to-one: this record belongs to the target (an order line to its order). Creating, changing or deleting it needs the right to update the target record — the old and the new one when it moves — so a closed parent can not be changed through its children."
      }
    },
    "required": [
      "target",
      "cardinality"
    ]
  },
  user: {
    "title": "UserField",
    "description": "Link to a platform user (owner, assignee).",
    "properties": {
      "default": {
        "type": "string",
        "enum": [
          "currentUser"
        ]
      }
    }
  },
  formula: {
    "title": "FormulaField",
    "description": "Computed from other fields of the record; stored so it can be filtered and sorted.",
    "properties": {
      "expression": {
        "type": "string",
        "minLength": 1,
        "maxLength": 2000
      },
      "resultType": {
        "enum": [
          "text",
          "integer",
          "number",
          "currency",
          "percent",
          "boolean",
          "date"
        ]
      },
      "scale": {
        "type": "integer",
        "minimum": 0,
        "maximum": 6
      }
    },
    "required": [
      "expression",
      "resultType"
    ]
  },
  rollup: {
    "title": "RollupField",
    "description": "Aggregate over a one-to-many relation, stored and recomputed when a child changes.",
    "properties": {
      "relation": {
        "$ref": "common.schema.json#/$defs/name",
        "description": "A one-to-many field of this entity."
      },
      "aggregate": {
        "enum": [
          "count",
          "sum",
          "min",
          "max",
          "avg"
        ]
      },
      "field": {
        "$ref": "common.schema.json#/$defs/name",
        "description": "Field of the child entity (not needed for count)."
      },
      "filter": {
        "$ref": "filter.schema.json",
        "description": "Only child records matching this filter are aggregated."
      },
      "scale": {
        "type": "integer",
        "minimum": 0,
        "maximum": 6
      }
    },
    "required": [
      "relation",
      "aggregate"
    ]
  },
  autonumber: {
    "title": "AutonumberField",
    "description": "Human-facing sequential number assigned on create, e.g. D-00042.",
    "properties": {
      "format": {
        "type": "string",
        "pattern": "^[^{}]*\\{0+\\}[^{}]*$",
        "description": "Pattern with one run of zeros in braces: \"D-{00000}\"."
      },
      "start": {
        "type": "integer",
        "minimum": 0
      }
    },
    "required": [
      "format"
    ]
  },
  json: {
    "title": "JsonField",
    "description": "Free-form JSON value.",
    "properties": {
      "schema": {
        "type": "object",
        "description": "Optional JSON Schema the value must satisfy."
      }
    }
  },
  file: {
    "title": "FileField",
    "description": "Uploaded file (not available yet: needs the storage service).",
    "properties": {
      "accept": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
  address: {
    "title": "AddressField",
    "description": "Postal address (not available yet).",
    "properties": {}
  },
  rating: {
    "title": "RatingField",
    "description": "Stars from 1 to max.",
    "properties": {
      "max": {
        "type": "integer",
        "minimum": 1,
        "maximum": 10,
        "description": "Default 5."
      },
      "default": {
        "type": "integer"
      }
    }
  },
  tags: {
    "title": "TagsField",
    "description": "Free tags (an array of strings).",
    "properties": {
      "maxItems": {
        "type": "integer",
        "minimum": 1,
        "description": "Maximum number of tags."
      },
      "default": {
        "type": "array",
        "items": {
          "type": "string"
        }
      }
    }
  },
};
