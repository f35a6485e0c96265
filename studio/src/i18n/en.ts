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
  errors: { generic: 'Something went wrong', network: 'The server could not be reached.', notFound: 'Not found', forbidden: 'You may not do this.' },
};
export type Strings = typeof en;
