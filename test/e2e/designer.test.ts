// The builders in Chromium, as a designer new to the studio uses them, with the mouse: create an
// entity with a date, a choice and a relation, review the plan and apply it, then use it through
// the API; build a form with a field shown only when another has a value and fill it in on the
// record page; rename a field that holds data; and see a second designer's save refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { loadAndCompile } from '../../runtime/index.js';
import { exportApp } from '../../runtime/definitions/export.js';
import { currentOverlay } from '../../runtime/definitions/store.js';
import { planFor } from '../../runtime/migrate/index.js';
import { apiAs, HAS_CHROMIUM, SALES_CRM, startStudio, type Studio } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

// The administrator designs (and, unlike the designer role, may also create records on the record page).
const DESIGNER = 'admin@example.com';
let s: Studio;
let page: Page;
let admin: Awaited<ReturnType<typeof apiAs>>;
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000 });

async function openDesign(p: Page): Promise<void> {
  await p.getByTestId('nav-design').click();
  await p.getByTestId('design-home').waitFor();
}
async function addField(p: Page, type: string, name: string, label: string): Promise<void> {
  await p.getByTestId('palette').getByRole('button', { name: `＋ ${type}`, exact: true }).click();
  const settings = p.getByTestId('field-settings');
  await settings.getByLabel('Field name').fill(name);
  await settings.getByLabel('Label (English)').fill(label);
}
/** One condition in the condition editor `within`: a field, then an operator, each picked from its list. */
async function addCondition(p: Page, within: Locator, field: string, operator: string): Promise<void> {
  await within.getByRole('button', { name: '+ Add condition' }).click();
  await within.locator('input[aria-label="Field"]').click();
  await p.getByRole('option', { name: field, exact: true }).click();
  await within.locator('input[aria-label="Operator"]').click();
  await p.getByRole('option', { name: operator, exact: true }).click();
}
async function drag(p: Page, from: Locator, to: Locator): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  const y = a.y + a.height - Math.min(10, a.height / 3); // below the title, which is a link
  await p.mouse.move(a.x + a.width / 2, y);
  await p.mouse.down();
  await p.mouse.move(a.x + a.width / 2 + 10, y + 10, { steps: 3 });
  await p.mouse.move(b.x + Math.min(60, b.width / 2), b.y + Math.min(60, b.height / 2), { steps: 12 });
  await p.mouse.up();
}
/** Save the open editor's draft; the draft bar then counts `drafts`. */
async function saveDraft(p: Page, drafts: number): Promise<void> {
  await p.getByTestId('save-draft').click();
  const counted = p.getByTestId('draft-count').filter({ hasText: `${drafts} draft${drafts === 1 ? '' : 's'} to apply` });
  await Promise.race([counted.waitFor(), p.getByTestId('save-problem').waitFor().then(async () => { throw new Error(`not saved: ${await p.getByTestId('save-problem').textContent()}`); })]);
}
/** Validate, review the plan, apply (confirming destructive steps when asked). */
async function applyDrafts(p: Page, { destructive = false } = {}): Promise<string[]> {
  await p.getByRole('button', { name: 'Review plan' }).click();
  const plan = p.getByTestId('plan');
  await plan.waitFor();
  const steps = await plan.getByTestId('plan-step').allTextContents();
  if (destructive) await plan.getByLabel(/I understand/).check();
  await plan.getByRole('button', { name: 'Apply' }).click();
  await plan.waitFor({ state: 'detached' });
  await p.getByText('Applied: the app runs the new definitions.').first().waitFor();
  return steps;
}

describe.skipIf(!HAS_CHROMIUM)('studio: the builders', () => {
  beforeAll(async () => {
    s = await startStudio({ live: true, engine: true });
    page = s.page;
    admin = await apiAs(s.url, 'admin@example.com');
    await s.login(page, DESIGNER);
  }, 180_000);
  afterAll(async () => s?.close());

  it('should create an entity with a date, a choice and a relation to account, apply it, and take records through the API', async () => {
    await openDesign(page);
    await s.shot(page, 'design-home-en');
    await page.getByTestId('new-entity').click();
    await page.getByTestId('entity-designer').waitFor();
    await page.getByTestId('entity-name').fill('visit_plan');
    await page.getByLabel('Label (English)').first().fill('Visit plan');
    await addField(page, 'Text', 'subject', 'Subject');
    await page.getByTestId('field-settings').getByLabel('Required').check();
    await addField(page, 'Date', 'visit_date', 'Visit date');
    await addField(page, 'Choice', 'purpose', 'Purpose');
    await addField(page, 'Relation', 'account', 'Account');
    await page.getByTestId('relation-target').click();
    await page.getByRole('option', { name: /^Account \(account\)/ }).click();
    expect(await page.getByTestId('field-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')))).toEqual(['subject', 'visit_date', 'purpose', 'account']);
    await s.shot(page, 'design-entity-en');

    // Undo and redo an edit.
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Redo' }).click();
    await saveDraft(page, 1);

    const steps = await applyDrafts(page);
    expect(steps.join('\n')).toMatch(/visit_plan/);
    await page.getByRole('link', { name: 'Visit plan' }).first().waitFor();

    const account = (await admin('GET', '/api/v1/account?limit=1')).body.data[0];
    const created = await admin('POST', '/api/v1/visit_plan', { subject: 'Quarterly review', visit_date: '2026-12-10', purpose: 'option_1', account: account.id });
    expect(created.status).toBe(201);
    const read = await admin('GET', `/api/v1/visit_plan/${created.body.data.id}?expand=account`);
    expect(read.body.data).toMatchObject({ subject: 'Quarterly review', visit_date: '2026-12-10', purpose: 'option_1', account: { id: account.id } });
  });

  it('should build a form with a field shown only when another has a value, and the record page follows it', async () => {
    await openDesign(page);
    await page.getByTestId('new-form').click();
    await page.getByTestId('form-entity').click();
    await page.getByRole('option', { name: 'Visit plan', exact: true }).click();
    expect(await page.getByTestId('form-name').inputValue()).toBe('visit_plan_form');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('form-builder').waitFor();

    // Drag the first field from the palette onto the section; add the others with ＋.
    const from = (await page.getByTestId('form-palette').locator('[data-field=subject] button').first().boundingBox())!;
    const to = (await page.getByTestId('form-section-drop').first().boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 3 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
    await page.getByTestId('form-canvas').locator('[data-testid=form-field][data-field=subject]').waitFor();
    for (const label of ['Purpose', 'Visit date', 'Account']) await page.getByRole('button', { name: `Add ${label}`, exact: true }).click();

    // Visit date: shown when Purpose is not empty, with help text.
    await page.getByTestId('form-canvas').locator('[data-testid=form-field][data-field=visit_date]').click();
    const settings = page.getByTestId('form-field-settings');
    await settings.getByLabel('Help', { exact: true }).fill('When do you plan to go?');
    await addCondition(page, page.getByTestId('visible-when'), 'Purpose', 'is not empty');

    // The preview follows the rule.
    await page.getByTestId('preview-tab').click();
    const preview = page.getByTestId('form-preview');
    await preview.locator('[data-field=subject]').waitFor();
    expect(await preview.locator('[data-field=visit_date]').count()).toBe(0);
    await s.shot(page, 'design-form-en');

    await saveDraft(page, 1);
    await applyDrafts(page);

    await page.goto(`${s.url}/records/visit_plan/new`);
    await page.locator('#root_subject').fill('Plant tour');
    expect(await page.locator('[data-field=visit_date]').count()).toBe(0);
    await page.locator('#root_purpose').click();
    await page.getByRole('option', { name: 'Option 2', exact: true }).click();
    await page.locator('[data-field=visit_date]').waitFor();
    await page.locator('#root_visit_date').fill('2026-12-20');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/records\/visit_plan\/\d+$/);
    const found = await admin('GET', `/api/v1/visit_plan?filter=${encodeURIComponent(JSON.stringify({ subject: { eq: 'Plant tour' } }))}`);
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0]).toMatchObject({ purpose: 'option_2', visit_date: '2026-12-20' });
  });

  it('should rename a field that holds data and keep the data (and the form that shows it)', async () => {
    await openDesign(page);
    await page.getByTestId('design-home').locator('[data-kind=entity]').getByRole('link', { name: 'Visit plan', exact: true }).click();
    await page.getByTestId('entity-designer').locator('[data-testid=field-row][data-field=subject]').click();
    await page.getByTestId('field-settings').getByLabel('Field name').fill('topic');
    await page.getByText('Renamed from subject: the data is kept.').waitFor();
    await saveDraft(page, 2); // the entity and its form
    const steps = await applyDrafts(page);
    expect(steps.join('\n')).toMatch(/subject/);
    expect(await page.locator('[data-destructive=true]').count()).toBe(0);
    const rows = (await admin('GET', '/api/v1/visit_plan?sort=id')).body.data;
    expect(rows.map((r: Record<string, unknown>) => r.topic)).toEqual(['Quarterly review', 'Plant tour']);
    expect(rows[0]).not.toHaveProperty('subject');
    await page.goto(`${s.url}/records/visit_plan/${rows[0].id}`);
    expect(await page.locator('#root_topic').inputValue()).toBe('Quarterly review');
  });

  it('should export the applied app from the design area as a zip that validates and re-imports with nothing to change', async () => {
    await openDesign(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-app').click()]);
    const revision = s.defs!.holder.revision();
    expect(download.suggestedFilename()).toBe(`sales_crm-r${revision}.zip`);
    const zipped = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const dir = mkdtempSync(join(tmpdir(), 'crm-studio-export-'));
    try {
      for (const [name, bytes] of Object.entries(zipped)) {
        if (name.endsWith('/')) continue;
        const path = join(dir, name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, bytes);
      }
      const folder = join(dir, `sales_crm-r${revision}`);
      // validate: the files compile as an app folder, with what the studio added
      const { app } = loadAndCompile(folder);
      expect(app.entities.get('visit_plan')?.fields.map((f) => f.name)).toContain('topic');
      // re-import: the database already is that app, so the plan is empty
      expect((await planFor(s.rt.db, app)).steps).toEqual([]);
      // and the files are those `crm export` writes
      const cli = join(dir, 'cli');
      exportApp({ appDir: SALES_CRM, overlay: (await currentOverlay(s.rt.db.knex)).overlay, out: cli });
      for (const file of ['app.json', 'entities/visit_plan.json', 'forms/visit_plan_form.json']) {
        expect(readFileSync(join(folder, file), 'utf8'), file).toBe(readFileSync(join(cli, file), 'utf8'));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should add a gate to the deal pipeline: a move that fails it is refused on the board, allowed once the field is filled', async () => {
    await openDesign(page);
    await page.getByTestId('design-home').locator('[data-kind=pipeline]').getByRole('link', { name: 'Sales pipeline', exact: true }).click();
    const stage = page.getByTestId('pipeline-editor').locator('[data-testid=stage][data-stage=negotiation]');
    await stage.getByRole('button', { name: /Gate/ }).click();
    await addCondition(page, stage.getByTestId('gate'), 'Next step', 'is not empty');
    await s.shot(page, 'design-pipeline-en');
    await saveDraft(page, 1);
    await applyDrafts(page);

    // A deal in Proposal that meets everything Negotiation asked for before, without a next step.
    const filter = { stage: { eq: 'proposal' }, primary_contact: { isNull: false }, expected_close: { isNull: false }, amount: { gt: 0 } };
    const deal = (await admin('GET', `/api/v1/deal?limit=1&sort=-amount&filter=${encodeURIComponent(JSON.stringify(filter))}`)).body.data[0];
    expect((await admin('PATCH', `/api/v1/deal/${deal.id}`, { next_step: null }, { 'if-match': `"${deal.version}"` })).status).toBe(200);

    await page.goto(`${s.url}/records/deal?view=deals_by_stage`);
    const proposal = page.locator('[data-testid=board-column][data-stage=proposal]');
    const negotiation = page.locator('[data-testid=board-column][data-stage=negotiation]');
    const card = proposal.locator(`[data-testid=board-card][data-id="${deal.id}"]`);
    await card.waitFor({ timeout: 60_000 });
    await negotiation.scrollIntoViewIfNeeded();
    await card.scrollIntoViewIfNeeded();
    await drag(page, card, negotiation);
    await page.getByTestId('move-refused').waitFor();
    expect(await page.getByTestId('move-refused').textContent()).toContain('The move to Negotiation was refused');
    expect((await admin('GET', `/api/v1/deal/${deal.id}`)).body.data.stage).toBe('proposal');

    await page.goto(`${s.url}/records/deal/${deal.id}`);
    await page.locator('#root_next_step').fill('Send the revised quote');
    await page.getByRole('button', { name: 'Save' }).click();
    // (what the page says goes into a failure, e.g. a refused save)
    await poll(async () => ({
      next_step: (await admin('GET', `/api/v1/deal/${deal.id}`)).body.data.next_step,
      page: (await page.getByRole('alert').allTextContents()).join(' | '),
    })).toMatchObject({ next_step: 'Send the revised quote' });
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' }); // else leaving asks first

    await page.goto(`${s.url}/records/deal?view=deals_by_stage`);
    await card.waitFor({ timeout: 60_000 });
    await negotiation.scrollIntoViewIfNeeded();
    await card.scrollIntoViewIfNeeded();
    await drag(page, card, negotiation);
    await poll(async () => {
      const refused = page.getByTestId('move-refused');
      if (await refused.count()) throw new Error(`refused: ${await refused.textContent()}`);
      return (await admin('GET', `/api/v1/deal/${deal.id}`)).body.data.stage;
    }).toBe('negotiation');
  });

  it('should refuse the second of two designers saving the same form, and say so', async () => {
    await page.goto(`${s.url}/design/form/visit_plan_form`);
    await page.getByTestId('form-builder').waitFor();
    // Another designer saves the same form first.
    const other = await apiAs(s.url, 'designer2@example.com');
    const listed = (await other('GET', '/api/v1/_definitions')).body.data.documents.find((d: { kind: string; name: string }) => d.kind === 'form' && d.name === 'visit_plan_form');
    const theirs = { ...listed.document, label: { en: 'Visit (their version)' } };
    expect((await other('PUT', '/api/v1/_definitions/form/visit_plan_form', theirs, { 'if-match': `"${listed.etag}"` })).status).toBe(200);

    await page.getByTestId('form-canvas').locator('[data-testid=form-field][data-field=account]').click();
    await page.getByTestId('form-field-settings').getByLabel('Help', { exact: true }).fill('The customer visited');
    await page.getByTestId('save-draft').click();
    await page.getByTestId('save-problem').filter({ hasText: 'Someone else changed this definition' }).waitFor();
    await s.shot(page, 'design-conflict-en');
    expect(await page.getByTestId('unsaved').count()).toBe(1);
  });

  it('should draw an automation as a graph, with each step\'s settings from its type, and shows whether it is enabled', async () => {
    await page.goto(`${s.url}/design/automation/vip_flag`);
    await page.getByTestId('automation-editor').waitFor();
    await poll(() => page.locator('.react-flow__node').count()).toBe(3); // the trigger and two steps
    await poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.locator('.react-flow__node[data-id=tell]').click();
    await page.getByTestId('node-settings').getByText('message.send').waitFor();
    await page.getByTestId('node-palette').getByRole('button', { name: '＋ record.create' }).click();
    await poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await page.getByTestId('automation-status').waitFor();
    await s.shot(page, 'design-automation-en');
  });

  it('should dry-run an automation on a record and show each step with its input and output', async () => {
    const accounts = await admin('GET', '/api/v1/account?limit=1&fields=id');
    const id = accounts.body.data[0].id as number;
    await page.goto(`${s.url}/design/automation/vip_flag`);
    await page.getByTestId('automation-status').waitFor();
    await page.getByLabel('Record id').fill(String(id));
    await page.getByRole('button', { name: 'Dry run' }).click();
    const table = page.getByTestId('dry-run');
    await Promise.race([table.waitFor(), page.getByTestId('dry-run-problem').waitFor().then(async () => { throw new Error(`dry run: ${await page.getByTestId('dry-run-problem').textContent()}`); })]);
    await poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
  });

  it('should start a new automation from the design home: name it, pick its trigger, add a step and save it as a draft', async () => {
    await openDesign(page);
    await page.getByTestId('new-automation').click();
    await page.getByTestId('automation-editor').waitFor();
    await page.getByTestId('automation-name').fill('won_follow_up');
    await page.locator('.react-flow__node[data-id=__trigger]').click();
    await page.getByTestId('node-settings').getByLabel('Trigger', { exact: true }).click();
    await page.getByRole('option', { name: 'stage.entered', exact: true }).click();
    await page.getByTestId('node-palette').getByRole('button', { name: '＋ record.create' }).click();
    await poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await page.getByTestId('save-draft').click();
    await page.waitForURL(/\/design\/automation\/won_follow_up$/);
    await poll(async () => (await admin('GET', '/api/v1/_definitions/automation/won_follow_up')).body?.data?.layer).toBe('draft');
    const one = await admin('GET', '/api/v1/_definitions/automation/won_follow_up');
    expect(one.body.data.document).toMatchObject({ name: 'won_follow_up', trigger: { type: 'stage.entered' }, nodes: [{ type: 'record.create' }] });
    await admin('DELETE', '/api/v1/_definitions/_drafts');
  });

  it('should draw "when a deal is won, create a follow-up activity", apply and enable it, and see the activity when a deal is won', async () => {
    await openDesign(page);
    await page.getByTestId('new-automation').click();
    await page.getByTestId('automation-name').fill('won_follow_up_live');
    await page.locator('.react-flow__node[data-id=__trigger]').click();
    const settings = page.getByTestId('node-settings');
    await settings.getByLabel('Trigger', { exact: true }).click();
    await page.getByRole('option', { name: 'stage.entered', exact: true }).click();
    await settings.getByLabel('pipeline', { exact: true }).fill('sales');
    await settings.getByLabel('stage', { exact: true }).fill('won');
    await page.getByTestId('node-palette').getByRole('button', { name: '＋ record.create' }).click();
    await settings.locator('input[id$="_entity"]').fill('activity');
    // `values` is edited as name/value pairs (rjsf's additional properties): add a pair, rename its key, fill its value.
    const pairs: [string, string][] = [['subject', 'Thank {{record.title}}'], ['type', 'call'], ['due_date', '{{today}}'], ['deal', '{{record.id}}']];
    for (const [key, value] of pairs) {
      await settings.locator('button[id$="_values__add"]').click();
      const keyInput = settings.locator('input[id$="_values_newKey-key"]');
      await keyInput.fill(key);
      await keyInput.blur();
      await settings.locator(`input[id$="_values_${key}"]`).fill(value);
    }
    await page.getByTestId('save-draft').click();
    await page.waitForURL(/\/design\/automation\/won_follow_up_live$/);
    await applyDrafts(page);
    await page.getByTestId('automation-toggle').click();
    await poll(async () => (await admin('GET', '/api/v1/_automations')).body.data.find((r: { name: string }) => r.name === 'won_follow_up_live')?.enabled).toBe(true);
    const deals = await admin('GET', `/api/v1/deal?filter=${encodeURIComponent(JSON.stringify({ stage: { eq: 'negotiation' } }))}&limit=1&fields=id,title`);
    const deal = deals.body.data[0] as { id: number; title: string };
    const won = await admin('PATCH', `/api/v1/deal/${deal.id}`, { stage: 'won', amount: '1000.00', closed_on: '2026-12-01' });
    expect(won.status).toBe(200);
    await poll(async () => (await admin('GET', `/api/v1/activity?filter=${encodeURIComponent(JSON.stringify({ deal: { eq: deal.id }, subject: { eq: `Thank ${deal.title}` } }))}`)).body.data.length).toBe(1);
  });
});
