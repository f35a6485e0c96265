// Record writes used by several screens. A stage move lives in one function: the gated
// `_transition` route.
import { api, qs } from './client';
import type { Page, RecordData } from './types';

export const listRecords = (entity: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Page> =>
  api<Page>(`/api/v1/${encodeURIComponent(entity)}${qs(params)}`, { signal });

export const getRecord = async (entity: string, id: number, params: Record<string, unknown> = {}): Promise<RecordData> =>
  (await api<{ data: RecordData }>(`/api/v1/${encodeURIComponent(entity)}/${id}${qs(params)}`)).data;

export const patchRecord = async ({ entity, id, data, version }: { entity: string; id: number; data: Record<string, unknown>; version: number }): Promise<RecordData> =>
  (await api<{ data: RecordData }>(`/api/v1/${encodeURIComponent(entity)}/${id}`, { method: 'PATCH', body: data, ifMatch: version })).data;

export const createRecord = async ({ entity, data }: { entity: string; data: Record<string, unknown> }): Promise<RecordData> =>
  (await api<{ data: RecordData }>(`/api/v1/${encodeURIComponent(entity)}`, { method: 'POST', body: data })).data;

export const deleteRecord = ({ entity, id, version }: { entity: string; id: number; version: number }): Promise<void> =>
  api<void>(`/api/v1/${encodeURIComponent(entity)}/${id}`, { method: 'DELETE', ifMatch: version });

/**
 * Move a record to another pipeline stage: the gated `POST …/_transition` when the board knows the
 * pipeline (a PATCH of the stage field otherwise, judged the same way). A refused move (422
 * PIPELINE_GATE, or VALIDATION_FAILED) throws an ApiProblem whose errors[] are the unmet conditions.
 */
export const moveToStage = async ({ entity, id, pipeline, field, to, version }: { entity: string; id: number; pipeline?: string; field: string; to: string; version: number }): Promise<RecordData> =>
  pipeline
    ? (await api<{ data: RecordData }>(`/api/v1/${encodeURIComponent(entity)}/${id}/_transition`, { method: 'POST', body: { pipeline, to }, ifMatch: version })).data
    : patchRecord({ entity, id, data: { [field]: to }, version });

export const exportUrl = (entity: string, params: Record<string, unknown>): string => `/api/v1/${encodeURIComponent(entity)}/_export${qs(params)}`;
