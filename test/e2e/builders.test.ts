// The view designer and the role editor in Chromium, with the mouse, on the server as production
// runs it (definitions at runtime): build a saved view and see it in the grid and through
// ?view=; change what a sales rep may see, apply it, check it as a rep; then "view as" the role
// (read-only: no write controls anywhere) and leave again (they are back). Screenshots of the builders, in English and Chinese, are taken on the way.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAs, HAS_CHROMIUM, startStudio, type Studio } from './harness.js';

vi.setConfig({ testTimeout: 180_000 });

let s: Studio;
let page: Page;
let admin: Awaited<ReturnType<typeof apiAs>>;
const poll = <T>(fn: () => Promise<T>) => expect.poll(fn, { timeout: 20_000 });
const gridIds = async (p: Page): Promise<number[]> => (await p.locator('[data-testid=grid] [role=row][data-id]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id')))));
const headers = (p: Page): Promise<string[]> => p.locator('[data-testid=grid] [role=columnheader] .label').allTextContents();

/**
 * The write controls of the records area, as the studio shows them now: New on the list, inline
 * edit and Delete of a selection in the grid, the drag handles of the board, Save and editable
 * inputs on a record page. Leaves the page on the record.
 */
async function writeControls(p: Page, url: string): Promise<{ newButton: number; gridReadOnly: string | null; editor: number; deleteSelected: number; exportButton: number; dragHandles: number; save: number; deleteRecord: number; inputs: number; enabledInputs: number }> {
  await p.goto(`${url}/records/deal?view=deals_by_stage`);
  await p.getByTestId('board-card').first().waitFor();
  const dragHandles = await p.getByTestId('board').locator('.drag-handle').count();

  await p.goto(`${url}/records/deal`);
  await p.getByTestId('grid').waitFor();
  const row = p.locator('[data-testid=grid] [role=row][data-id]').first();
  await row.waitFor();
  const newButton = await p.getByTestId('new-record').count();
  const gridReadOnly = await p.getByTestId('grid').getAttribute('aria-readonly');
  // A double-click on a text cell opens its editor (loaded on first use) when the grid edits in place.
  const cell = row.locator('[data-field=external_id]');
  await cell.dblclick();
  await p.locator('[data-testid=grid] .editing input').first().waitFor({ timeout: 3_000 }).catch(() => undefined);
  const editor = await p.locator('[data-testid=grid] .editing').count();
  if (editor) {
    await p.keyboard.press('Escape');
    await poll(() => p.locator('[data-testid=grid] .editing').count()).toBe(0);
  }
  // A selection offers Delete (and Export).
  await row.locator('input.row-check').check();
  await p.getByText('1 selected').waitFor();
  const deleteSelected = await p.getByRole('button', { name: 'Delete', exact: true }).count();
  const exportButton = await p.getByRole('button', { name: 'Export CSV' }).count();
  await row.locator('input.row-check').uncheck();

  // The record page: the form, Save (a record page has no Delete of its own).
  await row.locator('[data-field=title] a').click();
  const form = p.locator('form#record-form-deal');
  await form.locator('input:not([type=hidden])').first().waitFor();
  const save = await p.getByRole('button', { name: 'Save' }).count();
  const deleteRecord = await p.getByRole('button', { name: 'Delete' }).count();
  const states = await form.locator('input:not([type=hidden]), textarea').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).disabled));
  return { newButton, gridReadOnly, editor, deleteSelected, exportButton, dragHandles, save, deleteRecord, inputs: states.length, enabledInputs: states.filter((d) => !d).length };
}

/** Pick an option of a Mantine select by the input's aria-label (the last such input on the page). */
async function choose(p: Page, label: string, option: string): Promise<void> {
  await p.locator(`input[aria-label="${label}"]`).last().click();
  await p.getByRole('option', { name: option, exact: true }).click();
}
async function openDesign(p: Page): Promise<void> {
  await p.getByTestId('nav-design').click();
  await p.getByTestId('design-home').waitFor();
}
async function saveDraft(p: Page, drafts: number): Promise<void> {
  await p.getByTestId('save-draft').click();
  const counted = p.getByTestId('draft-count').filter({ hasText: `${drafts} draft${drafts === 1 ? '' : 's'} to apply` });
  await Promise.race([counted.waitFor(), p.getByTestId('save-problem').waitFor().then(async () => { throw new Error(`not saved: ${await p.getByTestId('save-problem').textContent()}`); })]);
}
async function applyDrafts(p: Page): Promise<void> {
  await p.getByRole('button', { name: 'Review plan' }).click();
  const plan = p.getByTestId('plan');
  await plan.waitFor();
  await plan.getByRole('button', { name: 'Apply' }).click();
  await plan.waitFor({ state: 'detached' });
  await p.getByText('Applied: the app runs the new definitions.').first().waitFor();
}
const deals = (query: string) => `/api/v1/deal?${query}`;

describe.skipIf(!HAS_CHROMIUM)('studio: the view designer and the role editor', () => {
  let firstRep: { id: number; email: string; name: string };

  beforeAll(async () => {
    s = await startStudio({ live: true, engine: true });
    page = s.page;
    admin = await apiAs(s.url, 'admin@example.com');
    // "View as" without a user is computed for the first active user holding the role.
    const users = (await s.rt.db.knex('_users').select('id', 'email', 'name', 'roles').orderBy('id')) as { id: number; email: string; name: string; roles: unknown }[];
    const rep = users.find((u) => (typeof u.roles === 'string' ? JSON.parse(u.roles) : u.roles).includes('sales_rep'))!;
    firstRep = { id: Number(rep.id), email: rep.email, name: rep.name };
    await s.login(page, 'admin@example.com');
  }, 180_000);
  afterAll(async () => s?.close());

  it('should build a view with the mouse (columns, filter, sort), apply it, and list the same rows in the grid and through ?view=', async () => {
    await openDesign(page);
    await page.getByTestId('new-view').click();
    await page.getByTestId('view-entity').click();
    await page.getByRole('option', { name: 'Deal', exact: true }).click();
    await page.getByTestId('view-designer').waitFor();
    await page.getByTestId('view-name').fill('big_deals');
    await page.getByLabel('Label (English)').fill('Big deals');
    await page.getByLabel('Label (简体中文)').fill('大额商机');

    // Columns: the first five fields are proposed; drop two, add two.
    await page.getByTestId('view-designer').locator('.mantine-MultiSelect-input').first().click();
    for (const option of ['External ID', 'Primary contact', 'Amount', 'Stage']) await page.getByRole('option', { name: option, exact: true }).click();
    await page.keyboard.press('Escape');
    // Sort by amount, largest first.
    await page.getByTestId('view-sort').click();
    await page.getByRole('option', { name: 'Amount', exact: true }).click();
    await page.getByTestId('view-sort-direction').getByText('↓', { exact: true }).click();
    // Records shown: amount at least 300,000.
    const filter = page.getByTestId('view-filter');
    await filter.getByRole('button', { name: '+ Add condition' }).click();
    await choose(page, 'Field', 'Amount');
    await choose(page, 'Operator', 'at least');
    await page.locator('input[aria-label="Amount Value"]').fill('300000');
    await page.getByTestId('view-designer').click({ position: { x: 5, y: 5 } });
    await s.shot(page, 'design-view-en');
    await saveDraft(page, 1);
    await page.waitForURL(/\/design\/view\/big_deals$/);
    await applyDrafts(page);

    const listed = await admin('GET', deals('view=big_deals&limit=500'));
    expect(listed.status).toBe(200);
    const rows = listed.body.data as { id: number; amount: string }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => Number(r.amount) >= 300000)).toBe(true);
    expect(rows.map((r) => Number(r.amount))).toEqual(rows.map((r) => Number(r.amount)).sort((a, b) => b - a));
    expect(Object.keys(rows[0]).sort()).toEqual(['account', 'amount', 'id', 'number', 'stage', 'title', 'version']);
    const all = await admin('GET', deals(`count=true&limit=1&filter=${encodeURIComponent(JSON.stringify({ amount: { gte: '300000' } }))}`));
    expect(rows.length).toBe(all.body.meta.count);

    await page.goto(`${s.url}/records/deal?view=big_deals`);
    await page.getByRole('heading', { name: 'Big deals' }).waitFor();
    await poll(() => page.getByTestId('record-count').textContent()).toBe(`Deals · ${rows.length} records`);
    // Only the rows on screen are drawn: they are the first of the API's, in its order.
    await poll(async () => { const ids = await gridIds(page); return ids.length > 10 && ids.join() === rows.slice(0, ids.length).map((r) => r.id).join(); }).toBe(true);
    expect(await headers(page)).toEqual(['Deal number', 'Title', 'Account', 'Amount', 'Stage']);
    await page.getByRole('navigation').getByRole('link', { name: 'Big deals' }).waitFor();
  });

  it('should change a view in the designer (the sort direction and a column) and the API follows once applied', async () => {
    await page.goto(`${s.url}/design/view/big_deals`);
    await page.getByTestId('view-designer').waitFor();
    await page.getByTestId('view-sort-direction').getByText('↑', { exact: true }).click();
    await page.getByTestId('view-designer').locator('.mantine-MultiSelect-input').first().click();
    await page.getByRole('option', { name: 'Account', exact: true }).click();
    await page.keyboard.press('Escape');
    await saveDraft(page, 1);
    await applyDrafts(page);
    const rows = (await admin('GET', deals('view=big_deals&limit=500'))).body.data as { id: number; amount: string }[];
    expect(rows.map((r) => Number(r.amount))).toEqual(rows.map((r) => Number(r.amount)).sort((a, b) => a - b));
    expect(Object.keys(rows[0]).sort()).toEqual(['amount', 'id', 'number', 'stage', 'title', 'version']);
    await page.goto(`${s.url}/records/deal?view=big_deals`);
    await page.getByRole('heading', { name: 'Big deals' }).waitFor();
    await poll(() => page.getByTestId('record-count').textContent()).toBe(`Deals · ${rows.length} records`);
    // Only the rows on screen are drawn: they are the first of the API's, in its order.
    await poll(async () => { const ids = await gridIds(page); return ids.length > 10 && ids.join() === rows.slice(0, ids.length).map((r) => r.id).join(); }).toBe(true);
  });

  it('should hide a field from sales reps in the role editor, apply it, and a rep no longer gets it from the API', async () => {
    const rep = await apiAs(s.url, firstRep.email);
    const before = (await rep('GET', deals('limit=1'))).body.data[0];
    expect(before).toHaveProperty('next_step');

    await page.goto(`${s.url}/design/role/sales_rep`);
    const editor = page.getByTestId('role-editor');
    await editor.waitFor();
    expect(await page.getByTestId('view-as').isEnabled()).toBe(true);
    await editor.locator('tr[data-entity=deal] .mantine-MultiSelect-input').first().click();
    await page.getByRole('option', { name: 'Next step', exact: true }).click();
    await page.keyboard.press('Escape');
    // The view uses the applied role: not while there are changes to save or apply.
    expect(await page.getByTestId('view-as').isDisabled()).toBe(true);
    expect(await page.getByTestId('view-as-hint').textContent()).toContain('Save and apply your changes first');
    // For the picture: the top of the editor, with the accounts a rep may read.
    await editor.locator('tr[data-entity=account]').getByRole('button', { name: /Read records where/ }).click();
    await editor.locator('tr[data-entity=account]').locator('input[aria-label="Field"]').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await s.shot(page, 'design-role-en');
    await saveDraft(page, 1);
    expect(await page.getByTestId('view-as').isDisabled()).toBe(true);
    expect(await page.getByTestId('view-as-hint').textContent()).toContain('This role has a draft');
    await applyDrafts(page);
    await poll(() => page.getByTestId('view-as').isEnabled()).toBe(true);

    const after = (await rep('GET', deals(`limit=1&filter=${encodeURIComponent(JSON.stringify({ id: { eq: before.id } }))}`))).body.data[0];
    expect(after.id).toBe(before.id);
    expect(after).not.toHaveProperty('next_step');
    const meta = (await rep('GET', '/api/v1/_meta/entities/deal')).body.data;
    expect(meta.fields.map((f: { name: string }) => f.name)).not.toContain('next_step');
    expect((await rep('GET', deals('fields=next_step'))).status).toBe(400);
    expect((await admin('GET', `/api/v1/deal/${before.id}`)).body.data).toHaveProperty('next_step');
  });

  it('should view the app as sales reps see it, read-only, with a banner that survives a reload, and exit back to the role editor', async () => {
    const rep = await apiAs(s.url, firstRep.email);
    const mine = (await rep('GET', deals('count=true&limit=1'))).body.meta.count as number;
    const total = (await admin('GET', deals('count=true&limit=1'))).body.meta.count as number;
    expect(mine).toBeLessThan(total);

    await page.goto(`${s.url}/design/role/sales_rep`);
    await page.getByTestId('role-editor').waitFor();
    await page.getByTestId('view-as').click();
    const banner = page.getByTestId('view-as-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Viewing as Sales representative (read-only)');
    expect(await banner.textContent()).toContain(firstRep.name);
    // The records area, as the rep: no Design area, the rep's deals only, without the hidden field.
    await page.locator('main h2').first().waitFor();
    expect(await page.getByTestId('nav-design').count()).toBe(0);
    await page.locator('nav a', { hasText: 'Deals' }).first().click();
    await page.getByTestId('grid').waitFor();
    await poll(() => page.getByTestId('record-count').textContent()).toBe(`${mine} records`);
    const owners = await page.locator('[data-testid=grid] [data-field=owner]').allTextContents();
    expect(owners.length).toBeGreaterThan(3);
    expect(new Set(owners)).toEqual(new Set([firstRep.name]));
    expect(await headers(page)).not.toContain('Next step');
    await s.shot(page, 'view-as-en');

    // A reload keeps the view (sessionStorage); a write is refused by the server and nothing changes.
    await page.reload();
    await banner.waitFor();
    await poll(() => page.getByTestId('record-count').textContent()).toBe(`${mine} records`);
    const refused = await page.evaluate(async () => {
      const csrf = document.cookie.split('; ').find((c) => c.startsWith('crm_csrf='))!.split('=')[1];
      const res = await fetch('/api/v1/deal', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf), 'x-crm-view-as': 'sales_rep' }, body: JSON.stringify({ title: 'Created while viewing' }) });
      return { status: res.status, body: await res.json() };
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN', viewAs: { problem: 'read_only' } } });
    expect((await admin('GET', deals(`count=true&limit=1&filter=${encodeURIComponent(JSON.stringify({ title: { eq: 'Created while viewing' } }))}`))).body.meta.count).toBe(0);

    // Nor does the studio offer to write: no New, no inline edit, no Delete of a selection (Export
    // stays), no drag on the board, and a record page without Save whose inputs are all disabled.
    const viewing = await writeControls(page, s.url);
    expect(viewing).toMatchObject({ newButton: 0, gridReadOnly: 'true', editor: 0, deleteSelected: 0, exportButton: 1, dragHandles: 0, save: 0, deleteRecord: 0, enabledInputs: 0 });
    expect(viewing.inputs).toBeGreaterThan(3);
    await banner.waitFor();
    // Neither a new record nor the Design area is offered by its address.
    await page.goto(`${s.url}/records/deal/new`);
    await page.getByText('Records can not be created while viewing the app as a role.').waitFor();
    expect(await page.locator('form#record-form-deal').count()).toBe(0);
    await page.goto(`${s.url}/design`);
    await page.getByTestId('design-read-only').waitFor();
    expect(await page.getByTestId('design-home').count()).toBe(0);
    // No password change as someone else either.
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Log out' }).waitFor();
    expect(await page.getByRole('menuitem', { name: 'Change password' }).count()).toBe(0);
    await page.keyboard.press('Escape');

    await page.getByTestId('view-as-exit').click();
    await page.waitForURL(/\/design\/role\/sales_rep$/);
    await page.getByTestId('role-editor').waitFor();
    expect(await banner.count()).toBe(0);
    await page.getByTestId('nav-design').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('crm.viewAs'))).toBeNull();

    // As yourself again, every write control is back.
    const own = await writeControls(page, s.url);
    expect(own).toMatchObject({ newButton: 1, gridReadOnly: null, editor: 1, deleteSelected: 1, exportButton: 1, save: 1 });
    expect(own.dragHandles).toBeGreaterThan(0);
    expect(own.enabledInputs).toBeGreaterThan(3);
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Change password' }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('should show the builders in Simplified Chinese', async () => {
    await page.goto(`${s.url}/design`);
    await page.getByTestId('design-home').waitFor();
    await page.getByLabel('Language').first().click();
    await page.getByRole('option', { name: '简体中文' }).click();
    await page.getByTestId('design-home').getByRole('heading', { name: '实体' }).waitFor();
    await s.shot(page, 'design-home-zh-CN');
    const shots: [string, string, string][] = [
      ['/design/entity/deal', 'entity-designer', 'design-entity-zh-CN'],
      ['/design/form/deal_form', 'form-builder', 'design-form-zh-CN'],
      ['/design/pipeline/sales', 'pipeline-editor', 'design-pipeline-zh-CN'],
      ['/design/automation/vip_flag', 'automation-editor', 'design-automation-zh-CN'],
      ['/design/view/big_deals', 'view-designer', 'design-view-zh-CN'],
      ['/design/role/sales_rep', 'role-editor', 'design-role-zh-CN'],
    ];
    for (const [path, testId, name] of shots) {
      await page.goto(s.url + path);
      await page.getByTestId(testId).waitFor();
      await page.getByRole('button', { name: '保存草稿' }).waitFor();
      if (testId === 'automation-editor') await poll(() => page.locator('.react-flow__node').count()).toBe(3);
      // A picked item shows its settings.
      if (testId === 'entity-designer') {
        await page.locator('[data-testid=field-row][data-field=stage]').click();
        await page.getByTestId('field-settings').waitFor();
      }
      if (testId === 'form-builder') {
        await page.getByTestId('form-canvas').locator('[data-testid=form-field][data-field=lost_reason]').click();
        await page.getByTestId('form-field-settings').waitFor();
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await s.shot(page, name);
    }
    // The banner in Chinese too.
    await page.getByTestId('view-as').click();
    await page.getByTestId('view-as-banner').filter({ hasText: '正在以 销售代表 身份查看（只读）' }).waitFor();
    await page.locator('main h2').first().waitFor();
    await s.shot(page, 'view-as-zh-CN');
    await page.getByTestId('view-as-exit').click();
    await page.waitForURL(/\/design\/role\/sales_rep$/);
    await page.getByLabel('语言').first().click();
    await page.getByRole('option', { name: 'English' }).click();
    await page.getByTestId('role-editor').getByText('Hidden fields').first().waitFor();
  });
});
