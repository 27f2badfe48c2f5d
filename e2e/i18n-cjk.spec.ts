// Chinese renders with a real CJK font, not as tofu boxes: the platform fonts Chromium used for
// Chinese labels are CJK fonts that hold every character, and in the UI's font stack two different
// characters draw differently (tofu draws every missing character as the same box).
import { expect, test, type Page } from '@playwright/test';
import { useLanguage } from './i18n-helpers';
import { openWorkbench } from './helpers';

const CJK_FONT = /CJK|Source Han|WenQuanYi|PingFang|YaHei|Hiragino|Droid Sans Fallback|SimSun|SimHei|Hei|Song/i;
const HAN = /[\u3400-\u9fff]/g;

/** The fonts Chromium drew a node's text with (DevTools protocol: CSS.getPlatformFontsForNode). */
async function platformFonts(page: Page, selector: string): Promise<Array<{ familyName: string; glyphCount: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  expect(nodeId, selector).toBeGreaterThan(0);
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  await cdp.detach();
  return fonts;
}

test.describe('Simplified Chinese', () => {
  test('labels are drawn with a CJK font that has every character; the UI font stack draws distinct glyphs', async ({ page }) => {
    await openWorkbench(page);
    await useLanguage(page, 'zh-CN');
    // A tab label in the top bar and a view's heading, each as a user sees it.
    const checks = [
      { tab: 'log', selector: '[data-testid="tab-log"] .tab-label' },
      { tab: 'sessions', selector: '[data-testid="sessions-view"] h2' },
    ];
    for (const { tab, selector } of checks) {
      await page.getByTestId(`tab-${tab}`).click();
      const text = (await page.locator(selector).first().textContent()) ?? '';
      const han = text.match(HAN)?.length ?? 0;
      expect(han, `${selector} holds Chinese: "${text}"`).toBeGreaterThan(0);
      const fonts = await platformFonts(page, selector);
      const cjk = fonts.filter((f) => CJK_FONT.test(f.familyName));
      expect(cjk.map((f) => f.familyName), `${selector} drawn with ${JSON.stringify(fonts)}`).not.toEqual([]);
      expect(cjk.reduce((n, f) => n + f.glyphCount, 0), `every Chinese character of "${text}" comes from a CJK font: ${JSON.stringify(fonts)}`).toBeGreaterThanOrEqual(han);
    }

    // Pixels: in the UI's and the monospace font stacks, '连' and '接' differ, and neither looks like
    // a character no font has (U+10FFFD, always a missing-glyph box).
    const drawn = await page.evaluate(() => {
      const stacks = [getComputedStyle(document.documentElement).fontFamily, getComputedStyle(document.querySelector('code, kbd, .mono') ?? document.body).fontFamily];
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d')!;
      const pixels = (stack: string, ch: string) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = `40px ${stack}`;
        ctx.fillStyle = '#000';
        ctx.fillText(ch, 4, 48);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3)).join(',');
      };
      return stacks.map((stack) => {
        const lian = pixels(stack, '连');
        const jie = pixels(stack, '接');
        const tofu = pixels(stack, '\u{10FFFD}');
        return { stack, differ: lian !== jie, notTofu: lian !== tofu && jie !== tofu, inked: /[1-9]/.test(lian) };
      });
    });
    for (const d of drawn) expect(d, d.stack).toEqual({ stack: d.stack, differ: true, notTofu: true, inked: true });
  });
});
