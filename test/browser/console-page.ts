import type { BrowserContext, Locator, Page } from 'playwright-core';

/** Steps a person takes on the console page, by the page's data-testid contract. */

/** Opens a console page and waits until its live stream is open (changes made after this reach it). */
export async function openLive(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await waitLive(page);
  return page;
}

export async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="live"][data-state="on"]').waitFor();
}

/** Picks who you are in the member picker (the page reloads, acting as them). */
export async function pickMember(page: Page, memberId: string, name: string): Promise<void> {
  await page.locator('[data-testid="member-select"]').selectOption(memberId);
  await page.locator('[data-testid="member-pick"]').click();
  await page.locator('[data-testid="acting-as"]', { hasText: name }).waitFor();
}

/** A person's page: the inbox opened, member picked (for the whole context), then `path`, live stream open. */
export async function openAs(context: BrowserContext, origin: string, memberId: string, name: string, path = '/'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await pickMember(page, memberId, name);
  if (path !== '/') await page.goto(`${origin}${path}`);
  await waitLive(page);
  return page;
}

export function card(page: Page, commentId: string): Locator {
  return page.locator(`#card-${commentId}`);
}

/** Waits until the card shows `status` (data-status) and, if given, a state line containing `holder`. */
export async function waitCard(page: Page, commentId: string, status: string, holder?: string): Promise<void> {
  const c = page.locator(`#card-${commentId}[data-status="${status}"]`);
  await c.waitFor();
  if (holder) await c.locator('[data-testid="card-state"]', { hasText: holder }).waitFor();
}

/** The centre of an element in page coordinates, scrolled into view first (for page.mouse.click). */
export async function centreOf(locator: Locator): Promise<{ x: number; y: number }> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box (hidden?)');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
