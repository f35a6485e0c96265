export { createRecord, createAndRead, updateRecord, updateAndRead, deleteRecord, bulkUpsert, etagMatches, BULK_MAX } from './write.js';
export { getRecord, listRecords } from './read.js';
export { parseListQuery, parseReadQuery, type ListQuery, type ReadQuery } from './query.js';
export { asSystem, allowAll, type Ctx, type Actor, type Authorize, type Via } from './context.js';
