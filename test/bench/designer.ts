// Timing of the builders for a new user (npm run bench:designer): from the sign-in page to a new
// entity with five fields, its form and a board view, all live, with the mouse (and the keyboard
// for names). Prints the wall time and the number of clicks the page received.
import { apiAs, startStudio } from '../e2e/harness.js';

const s = await startStudio({ live: true });
const page = s.page;
try {
  await page.addInitScript(() => {
    const w = window as unknown as { __clicks: number };
    w.__clicks = 0;
    document.addEventListener('click', () => { w.__clicks++; }, true);
  });
  const started = Date.now();
  await page.goto(`${s.url}/login`);
  await page.locator('input[name=email]').fill('admin@example.com');
  await page.locator('input[name=password]').fill('studio e2e password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('nav-design').click();
  await page.getByTestId('new-entity').click();
  await page.getByTestId('entity-name').fill('site_visit');
  await page.getByLabel('Label (English)').first().fill('Site visit');
  const fields: [string, string, string][] = [['Text', 'subject', 'Subject'], ['Date', 'visit_date', 'Visit date'], ['Choice', 'status', 'Status'], ['Amount', 'budget', 'Budget'], ['Yes/no', 'confirmed', 'Confirmed']];
  for (const [type, name, label] of fields) {
    await page.getByTestId('palette').getByRole('button', { name: `＋ ${type}`, exact: true }).click();
    await page.getByTestId('field-settings').getByLabel('Field name').fill(name);
    await page.getByTestId('field-settings').getByLabel('Label (English)').fill(label);
  }
  const apply = async (): Promise<void> => {
    await page.getByRole('button', { name: 'Review plan' }).click();
    await page.getByTestId('plan').getByRole('button', { name: 'Apply' }).click();
    await page.getByTestId('plan').waitFor({ state: 'detached' });
  };
  await page.getByTestId('save-draft').click();
  await page.getByTestId('draft-count').filter({ hasText: '1 draft to apply' }).waitFor();
  await apply();

  await page.getByRole('link', { name: 'Design', exact: true }).first().click();
  await page.getByTestId('new-form').click();
  await page.getByTestId('form-entity').click();
  await page.getByRole('option', { name: 'Site visit', exact: true }).click();
  await page.getByRole('button', { name: 'Create' }).click();
  for (const [, , label] of fields) await page.getByRole('button', { name: `Add ${label}`, exact: true }).click();
  await page.getByTestId('save-draft').click();
  await page.getByTestId('draft-count').filter({ hasText: '1 draft to apply' }).waitFor();

  await page.getByRole('link', { name: 'Design', exact: true }).first().click();
  await page.getByTestId('new-view').click();
  await page.getByTestId('view-entity').click();
  await page.getByRole('option', { name: 'Site visit', exact: true }).click();
  await page.getByTestId('view-name').fill('site_visits_by_status');
  await page.getByTestId('view-kind').getByText('Board').click();
  await page.getByTestId('view-group-by').click();
  await page.getByRole('option', { name: 'Status', exact: true }).click();
  await page.getByTestId('save-draft').click();
  await page.getByTestId('draft-count').filter({ hasText: '2 drafts to apply' }).waitFor();
  await apply();
  const ms = Date.now() - started;
  const clicks = await page.evaluate(() => (window as unknown as { __clicks: number }).__clicks);

  const admin = await apiAs(s.url, 'admin@example.com');
  const meta = (await admin('GET', '/api/v1/_meta/app')).body.data;
  const live = meta.views.some((v: { name: string; kind: string }) => v.name === 'site_visits_by_status' && v.kind === 'kanban') && meta.forms.some((f: { entity: string }) => f.entity === 'site_visit');
  await page.goto(`${s.url}/records/site_visit?view=site_visits_by_status`);
  await page.locator('[data-testid=board-column]').first().waitFor();
  await s.shot(page, 'design-timing-board-en');
  process.stdout.write(`new entity (5 fields) + form + board view, live: ${live ? 'yes' : 'NO'}; ${(ms / 1000).toFixed(1)} s, ${clicks} clicks (names typed with the keyboard)\n`);
} finally {
  await s.close();
}
