import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { TestApp } from '../support/test-app';

/** The page's DOM, as seen by code that runs inside the browser (this file compiles without DOM types). */
interface PageDocument {
  querySelector(selector: string): { textContent: string | null } | null;
}

/**
 * GraphiQL in a real headless Chromium, from local files only (the browser has no network
 * beyond localhost here). CI installs Debian's chromium and sets PLENARY_REQUIRE_BROWSER=1 so
 * this cannot silently skip there; on a machine without Chromium it says it was skipped.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.PLENARY_REQUIRE_BROWSER === '1') {
  throw new Error(`PLENARY_REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM}`);
}
if (!available) console.warn(`GraphiQL browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

(available ? describe : describe.skip)('GraphiQL page in a real browser (e2e)', () => {
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await TestApp.start();
    await app.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.app.getHttpServer().address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await app.stop();
  });

  it('loads without any outside request and runs a query against the API', async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const outside: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(base) && !request.url().startsWith('data:')) outside.push(request.url());
      });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));

      // A browser opening the endpoint itself is sent to the page.
      await page.goto(`${base}/graphql`);
      expect(page.url()).toBe(`${base}/graphiql`);
      await page.waitForSelector('.graphiql-container', { timeout: 20000 });

      // Type the query as a person would: replace the example, then run it with the button.
      await page.locator('.graphiql-query-editor .CodeMirror').first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.type('{ readModelPosition chapters { nodes { name');
      await page.keyboard.press('Escape');
      await page.locator('.graphiql-execute-button').click();
      await page.waitForFunction(
        () =>
          (globalThis as unknown as { document: PageDocument }).document
            .querySelector('.graphiql-response')
            ?.textContent?.includes('readModelPosition'),
        undefined,
        { timeout: 10000 },
      );
      const response = await page.locator('.graphiql-response').textContent();
      expect(response).toContain('"nodes": []');
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
