// The studio's own words (definition labels come from the definitions, per locale).
export const en = {
  app: { title: 'CRM Studio', loading: 'Loading…', retry: 'Try again', back: 'Back', cancel: 'Cancel', save: 'Save', close: 'Close', apply: 'Apply', clear: 'Clear', yes: 'Yes', no: 'No', none: '—', skipToContent: 'Skip to content' },
  login: {
    title: 'Sign in', subtitle: 'Welcome back. Sign in to your CRM.', email: 'E-mail', password: 'Password', submit: 'Sign in',
    failed: 'Wrong e-mail or password.', rateLimited: 'Too many attempts. {{detail}}', hint: 'Demo logins are printed when the server starts and kept in data/demo-credentials.txt.',
  },
  shell: {
    navigation: 'Navigation', records: 'Records', views: 'Saved views', allRecords: 'All records', language: 'Language', userMenu: 'User menu',
    apiReference: 'API reference', changePassword: 'Change password', logout: 'Log out', toggleNav: 'Toggle navigation', search: 'Search',
  },
  password: {
    title: 'Change password', current: 'Current password', next: 'New password', confirm: 'Repeat the new password', mismatch: 'The two passwords differ.',
    done: 'Password changed. Sign in again with the new password.', hint: 'At least 10 characters.',
  },
  list: {
    search: 'Search…', searchLabel: 'Quick search', filter: 'Filter', filters_one: '{{count}} filter', filters_other: '{{count}} filters', columns: 'Columns',
    export: 'Export CSV', exportFailed: 'Export refused', newRecord: 'New', count_one: '{{count}} record', count_other: '{{count}} records', selected_one: '{{count}} selected', selected_other: '{{count}} selected',
    delete: 'Delete', deleteTitle: 'Delete records', deleteConfirm_one: 'Delete {{count}} record? This can not be undone.', deleteConfirm_other: 'Delete {{count}} records? This can not be undone.',
    deleted_one: '{{count}} record deleted', deleted_other: '{{count}} records deleted', deleteFailed: 'Some records could not be deleted', emptyTitle: 'No records here yet',
    emptyFiltered: 'No records match. Try another search or clear the filter.', emptyHint: 'Create the first one, or import them through the API.', clearFilters: 'Clear search and filter',
    errorTitle: 'The list could not be loaded', selectAll: 'Select all loaded rows', selectRow: 'Select row {{id}}', open: 'Open', sortAsc: 'Sort ascending', sortDesc: 'Sort descending',
    loadingMore: 'Loading more…', end: 'End of list', editHint: 'Double-click or press Enter to edit', saved: 'Saved', saveFailed: 'Not saved', readOnly: 'This field can not be edited here',
    table: 'Table', board: 'Board', calendar: 'Calendar',
  },
  conflict: {
    title: 'Someone else changed this record', body: '{{field}} was changed while you were editing. Choose the value to keep.', yours: 'Your value', theirs: 'Current value',
    keepMine: 'Keep mine', useTheirs: 'Use theirs',
  },
  filter: {
    title: 'Filter', match: 'Match', all: 'all', any: 'any', ofTheFollowing: 'of the following', addCondition: 'Add condition', addGroup: 'Add group', remove: 'Remove',
    field: 'Field', operator: 'Operator', value: 'Value', empty: 'No conditions: every record is shown.', related: 'Related records', me: 'Me', myTeam: 'My team', now: 'Now', today: 'Today',
    from: 'From', to: 'To', count: 'Number', unit: 'Unit', yes: 'Yes', no: 'No', pickValues: 'Pick values', typeValues: 'Type values, Enter after each', where: 'where',
    ops: {
      eq: 'is', ne: 'is not', gt: 'greater than', gte: 'at least', lt: 'less than', lte: 'at most', in: 'is any of', nin: 'is none of', contains: 'contains',
      startsWith: 'starts with', endsWith: 'ends with', isNull: 'is empty', notNull: 'is not empty', between: 'between', inLast: 'in the last', inNext: 'in the next',
      today: 'is today', thisWeek: 'is this week', thisMonth: 'is this month', thisQuarter: 'is this quarter', thisYear: 'is this year', some: 'has some', none: 'has none', every: 'all have',
    },
    units: { day: 'days', week: 'weeks', month: 'months', year: 'years' },
  },
  record: {
    new: 'New {{entity}}', save: 'Save', saving: 'Saving…', saved: 'Saved', created: 'Created', fixErrors: 'Please fix the highlighted fields.', notFound: 'This record does not exist or is not visible to you.',
    timeline: 'History', timelineEmpty: 'No changes recorded yet.', created_: 'created the record', updated: 'changed', deleted: 'deleted the record', you: 'You', system: 'System', user: 'User {{id}}',
    related: 'Related', relatedEmpty: 'None yet', more: '{{count}} more', unsaved: 'Unsaved changes', discard: 'Discard changes', details: 'Details', search: 'Type to search…', noMatches: 'No matches',
    conflict: 'This record was changed by someone else. Reload it to see the current values, then apply your change again.', reload: 'Reload',
  },
  board: {
    empty: 'No cards', sum: 'Sum', moved: 'Moved to {{stage}}', refused: 'The move to {{stage}} was refused', conditions: 'Unmet conditions:', noField: 'This view has no stage field to group by.',
    moveCard: 'Move {{title}}', partial: 'first {{count}}',
  },
  calendar: { today: 'Today', previous: 'Previous month', next: 'Next month', noDateField: 'This view has no date field.', moved: 'Rescheduled to {{date}}', more: '+{{count}} more' },
  design: {
    area: 'Design', title: 'Design', forbidden: 'Only administrators and designers may change the app.', notFound: 'This definition does not exist.',
    drafts_one: '{{count}} draft to apply', drafts_other: '{{count}} drafts to apply', errors_one: '{{count}} error', errors_other: '{{count}} errors',
    validate: 'Validate', reviewPlan: 'Review plan', apply: 'Apply', valid: 'The drafts are valid.', applied: 'Applied: the app runs the new definitions.',
    planTitle: 'What applying will do', planEmpty: 'Nothing changes in the database.', destructive: 'destroys data', destructiveTitle: 'Some steps delete data',
    confirmDestructive: 'I understand: these steps delete data that can not be restored.',
    export: 'Export app', exportChanges: 'Export changes only', exportHint: 'A zip of the applied app as an app folder: crm validate and crm apply read it.',
    new: 'New', none: 'None yet', draft: 'draft', edited: 'edited', remove: 'Remove', undo: 'Undo', redo: 'Redo', saveDraft: 'Save draft', savedDraft: 'Draft saved',
    unsaved: 'Unsaved changes', leaveUnsaved: 'Leave this editor? Your unsaved changes will be lost.',
    conflict: 'Someone else changed this definition since you opened it. Reload to see their version, then make your change again.', reloadTheirs: 'Reload',
    labelEn: 'Label (English)', labelZh: 'Label (简体中文)', nameHint: 'Lower case letters, digits and _; starts with a letter.', badName: 'Use lower case letters, digits and _, starting with a letter.',
    kinds: { entity: 'Entities', form: 'Forms', view: 'Views', pipeline: 'Pipelines', automation: 'Automations', role: 'Roles' },
    entity: {
      new: 'New entity', title: 'Entity {{name}}', name: 'Name', palette: 'Field types', fields: 'Fields', noFields: 'Add fields from the field types on the left.',
      pick: 'Pick a field to change its settings.', fieldName: 'Field name', required: 'Required', target: 'Related entity', duplicate: 'Another field has this name.',
      renamed: 'Renamed from {{from}}: the data is kept.', dragField: 'Move {{field}}',
    },
    form: {
      new: 'New form', title: 'Form {{name}} ({{entity}})', entity: 'Entity', name: 'Form name', start: 'Create', details: 'Details', palette: 'Fields', allPlaced: 'Every field is on the form.',
      dragField: 'Drag {{field}}', addField: 'Add {{field}}', rule: 'rule', dropHere: 'Drop fields here', sectionTitle: 'Section title', sectionTitleZh: 'Section title (简体中文)',
      removeSection: 'Remove section', addSection: 'Add section', section: 'Section {{n}}', properties: 'Field', preview: 'Preview', pick: 'Pick a field on the form.',
      help: 'Help', helpZh: 'Help (简体中文)', placeholder: 'Placeholder', placeholderZh: 'Placeholder (简体中文)', width: 'Width', full: 'Full', half: 'Half', third: 'Third',
      visibleWhen: 'Shown when', requiredWhen: 'Required when', previewEmpty: 'Put fields on the form to see it.',
    },
    pipeline: {
      title: 'Pipeline {{name}} ({{entity}})', field: 'Stages are the values of {{field}}.', won: 'Won', lost: 'Lost', gated: 'gate', up: 'Move {{stage}} up', down: 'Move {{stage}} down',
      removeStage: 'Remove {{stage}}', probability: 'Probability', rotDays: 'Stalled after (days)', requiredFields: 'Required to enter', gate: 'Gate',
      gateLabel: 'A record may enter {{stage}} when', addStage: 'Add a stage…', transitions: 'Allowed moves', restrict: 'Only the moves ticked below',
      anyMove: 'Any move between stages is allowed.', fromTo: 'From ↓ / to →', allow: 'Allow {{from}} → {{to}}',
    },
    view: {
      new: 'New view', title: 'View {{name}} ({{entity}})', kind: 'Shown as', groupBy: 'Columns by (a choice field)', dateField: 'Date field', columns: 'Columns', sort: 'Sort by', filter: 'Records shown',
      who: 'Everyone who may read the entity sees the view; each sees only the records their role allows.',
    },
    role: {
      title: 'Role {{name}}', read: 'Read', create: 'Create', update: 'Update', delete: 'Delete', export: 'Export', all: 'All', none: 'None', condition: 'If…',
      when: '{{action}} records where', hidden: 'Hidden fields', readOnly: 'Read-only fields', others: 'Every other entity',
      note: 'A condition limits the action to the records that match it (for example, owner is Me).',
      viewAs: 'View as this role', viewAsHint: 'See the app as the users of this role see it, read-only.',
      viewAsUnsaved: 'Save and apply your changes first: the view uses the applied role.', viewAsDraft: 'This role has a draft: apply it first, the view uses the applied role.',
    },
    automation: {
      title: 'Automation {{name}}', palette: 'Steps', trigger: 'Trigger', pick: 'Pick the trigger or a step. Connect steps by dragging from one handle to another; Delete removes the selection.',
      runs: 'Runs', enabled: 'enabled', disabled: 'disabled', enable: 'Enable', disable: 'Disable', record: 'Record id', dryRun: 'Dry run',
      step: 'Step', status: 'Status', input: 'Input', output: 'Output', name: 'Name', nameHint: 'lower-case letters, digits and _', new: 'New automation',
    },
    condition: { always: 'Always', none: 'Always — add a condition to limit it.' },
    fieldTypes: {
      text: 'Text', longtext: 'Long text', richtext: 'Rich text', email: 'E-mail', phone: 'Phone', url: 'URL', integer: 'Whole number', number: 'Number', currency: 'Amount',
      percent: 'Percent', boolean: 'Yes/no', date: 'Date', datetime: 'Date and time', select: 'Choice', multiselect: 'Multiple choice', relation: 'Relation', user: 'User',
      formula: 'Formula', rollup: 'Roll-up', autonumber: 'Auto number', json: 'JSON', file: 'File', address: 'Address', rating: 'Rating', tags: 'Tags',
    },
  },
  viewAs: {
    banner: 'Viewing as {{role}} (read-only)', user: 'as {{user}}', exit: 'Exit', readOnly: 'Read-only while viewing as a role',
    noNew: 'Records can not be created while viewing the app as a role. Exit the view to create one.',
    noDesign: 'The Design area is not available while viewing the app as a role. Exit the view to change the app.',
  },
  errors: { generic: 'Something went wrong', network: 'The server could not be reached.', notFound: 'Not found', forbidden: 'You may not do this.' },
};
export type Strings = typeof en;
