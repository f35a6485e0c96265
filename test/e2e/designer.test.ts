// The builders in Chromium, as a designer new to the studio uses them, with the mouse: create an
// entity with a date, a choice and a relation, review the plan and apply it, then use it through
// the API; build a form with a field shown only when another has a value and fill it in on the
// record page; rename a field that holds data; and see a second designer's save refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, HAS_CHROMIUM, startStudio, type Studio } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

const DESIGNER = 'designer@example.com';
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
    s = await startStudio({ live: true });
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
    await page.getByTestId('save-draft').click();
    await page.getByTestId('draft-count').filter({ hasText: '1 draft to apply' }).waitFor();

    const steps = await applyDrafts(page);
    expect(steps.join('\n')).toMatch(/visit_plan/);
    await page.getByRole('link', { name: 'Visit plan' }).first().waitFor();

    const account = (await admin('GET', '/api/v1/account?limit=1')).body.data[0];
    const created = await admin('POST', '/api/v1/visit_plan', { subject: 'Quarterly review', visit_date: '2026-12-10', purpose: 'option_1', account: account.id });
    expect(created.status).toBe(201);
    const read = await admin('GET', `/api/v1/visit_plan/${created.body.data.id}?expand=account`);
    expect(read.body.data).toMatchObject({ subject: 'Quarterly review', visit_date: '2026-12-10', purpose: 'option_1', account: { id: account.id } });
  });
});
