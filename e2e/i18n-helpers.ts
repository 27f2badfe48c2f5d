// Language helpers for the e2e specs: switch the app's language through its menu, and find text
// that does not fit its box (the proof that both languages lay out at 1280×720).
import { expect, type Page } from '@playwright/test';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type TestLang = (typeof LANGUAGES)[number];

/** Picks a language in the top bar's menu and waits until the page speaks it. */
export async function useLanguage(page: Page, lang: TestLang): Promise<void> {
  await page.getByTestId('language-select').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

export interface Overflow {
  where: string;
  text: string;
  how: string;
}

/**
 * Text that is cut or spills out of its box, on the page as it is now:
 * - an element that clips (overflow hidden/clip) whose own text is wider or taller than it;
 * - a text node whose rendered lines reach outside the block that holds it.
 * Deliberate truncation (text-overflow: ellipsis with the full text a hover or a selection away:
 * a title, or a selectable grid row whose details show it), scroll containers, visually hidden
 * labels (screen-reader text), closed <details> and SVG drawings are not offenders.
 */
export async function findOverflows(page: Page): Promise<Overflow[]> {
  return page.evaluate(() => {
    const out: Array<{ where: string; text: string; how: string }> = [];
    const seen = new Set<Element>();
    const describe = (el: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = el; e && parts.length < 3 && e !== document.body; e = e.parentElement) {
        const id = e.getAttribute('data-testid');
        const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
        parts.unshift(id ? `[data-testid="${id}"]` : `${e.tagName.toLowerCase()}${cls}`);
        if (id) break;
      }
      return parts.join(' > ');
    };
    const scrolls = (cs: CSSStyleDeclaration) => /auto|scroll/.test(cs.overflowX) || /auto|scroll/.test(cs.overflowY);
    const clips = (cs: CSSStyleDeclaration) => /hidden|clip/.test(cs.overflowX) || /hidden|clip/.test(cs.overflowY);
    // Clipped on purpose: an ellipsis whose full text is in a tooltip or in the selected row's details.
    const deliberate = (el: Element) => {
      for (let e: Element | null = el; e && e !== document.body; e = e.parentElement) {
        if (getComputedStyle(e).textOverflow === 'ellipsis' && (e.closest('[title]') || e.closest('[role="row"][aria-selected]'))) return true;
      }
      return false;
    };
    // Screen-reader-only text is 1 px wide by design.
    const tiny = (r: DOMRect) => r.width <= 2 || r.height <= 2;
    const visible = (el: Element) => {
      const cs = getComputedStyle(el);
      return cs.visibility !== 'hidden' && cs.display !== 'none' && (el as HTMLElement).offsetParent !== null;
    };
    const report = (el: Element, how: string) => {
      if (seen.has(el)) return;
      seen.add(el);
      out.push({ where: describe(el), text: (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 80), how });
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('svg, script, style, noscript, option, textarea, [hidden], [aria-hidden="true"]')) continue;
      const details = parent.closest('details');
      if (details && !details.open && !parent.closest('summary')) continue;
      if (!visible(parent)) continue;
      // The block that holds the text: the nearest ancestor that is not inline.
      let block: Element = parent;
      while (block.parentElement && /^(inline|contents)$/.test(getComputedStyle(block).display)) block = block.parentElement;
      const br = block.getBoundingClientRect();
      if (tiny(br) || tiny(parent.getBoundingClientRect())) continue;
      // Hidden by a clipping ancestor that is tiny (visually-hidden pattern).
      let hiddenByTiny = false;
      for (let e: Element | null = parent; e && e !== block.parentElement; e = e.parentElement) if (tiny(e.getBoundingClientRect())) hiddenByTiny = true;
      if (hiddenByTiny) continue;
      const bcs = getComputedStyle(block);
      if (deliberate(block)) continue;
      // 1. A clipping leaf box whose content is larger than it.
      if (clips(bcs) && !scrolls(bcs)) {
        const b = block as HTMLElement;
        if (b.scrollWidth > b.clientWidth + 1) report(block, `clipped: scrollWidth ${b.scrollWidth} > clientWidth ${b.clientWidth}`);
        else if (b.scrollHeight > b.clientHeight + 1 && !/^(textarea|select)$/i.test(b.tagName)) report(block, `clipped: scrollHeight ${b.scrollHeight} > clientHeight ${b.clientHeight}`);
        continue;
      }
      if (scrolls(bcs)) continue;
      // 2. Lines of text drawn outside their block (they overlap whatever is next to it).
      const range = document.createRange();
      range.selectNodeContents(node);
      const rr = range.getBoundingClientRect();
      if (rr.width === 0 || rr.height === 0) continue;
      const over = Math.max(rr.right - br.right, br.left - rr.left, rr.bottom - br.bottom);
      if (over > 1) report(block, `spills ${Math.round(over)} px out of its box`);
    }
    // Clipping boxes whose text is in children (a button with a label span of fixed width).
    for (const el of document.querySelectorAll<HTMLElement>('button, label, th, td, h1, h2, h3, [role="tab"], .chip, .badge')) {
      if (seen.has(el) || !visible(el) || !el.textContent?.trim() || el.closest('svg, [hidden], [aria-hidden="true"]')) continue;
      const cs = getComputedStyle(el);
      if (!clips(cs) || scrolls(cs) || deliberate(el) || tiny(el.getBoundingClientRect())) continue;
      if (el.scrollWidth > el.clientWidth + 1) report(el, `clipped: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
    }
    return out;
  });
}
