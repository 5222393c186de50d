import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExtensionPage } from './support/extension-page';
import { launchExtension, type LaunchedExtension } from './support/launch';
import { startServer, type StaticServer } from './support/server';

// A browser in Chinese: the point labels, the toolbar and the extension pages speak Chinese.

let server: StaticServer;
let ext: LaunchedExtension;

beforeAll(async () => {
  server = await startServer();
  ext = await launchExtension({ args: ['--lang=zh-CN'] });
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
});

describe('Chinese UI language', () => {
  it('point labels are in Chinese', async () => {
    const page = await ext.context.newPage();
    await page.goto(`${server.origin}/corpus/canonical.html`);
    const labels = () =>
      page.evaluate(() =>
        [
          ...(document.querySelector('forum-annotator-ui')?.shadowRoot?.querySelectorAll('[data-point-id]') ??
            []),
        ].map((el) => [(el as HTMLElement).dataset.pointId, el.textContent]),
      );
    await expect.poll(async () => (await labels()).length).toBe(11);
    const byId = Object.fromEntries(await labels());
    expect(byId['digital-soe-3']).toBe('数字国企倡议 3/5 · 数字技术创新应用');
    expect(byId['platform-economy-6']).toBe('平台经济倡议 6/6 · 服务为本，优质发展');
    await page.close();
  });

  it('the popup and the options page are in Chinese, with lang="zh-CN"', async () => {
    const popup = await openExtensionPage(ext, 'src/popup/index.html');
    await popup.getByRole('searchbox', { name: '搜索' }).waitFor();
    expect(await popup.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    const options = await openExtensionPage(ext, 'src/options/index.html');
    await options.getByRole('heading', { name: '论坛标注设置' }).waitFor();
    expect(await options.title()).toBe('设置 · 论坛标注');
  });
});
