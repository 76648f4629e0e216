/** Text selection in the reader, as a reader's mouse makes it (highlights and sync tests). */
import type { Locator, Page } from 'playwright-core';

/**
 * Selects `text` in the reader's article body (`scope`: the in-page dialog, or reader.html's
 * page), across element boundaries if need be, as a reader's drag would, and lets go of the
 * mouse there.
 */
export async function select(scope: Locator | Page, text: string): Promise<void> {
  const body = scope.locator('.bs-content').first();
  await body.evaluate((root, wanted) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n as Text);
      all += (n as Text).data;
    }
    const start = all.indexOf(wanted);
    if (start < 0) throw new Error(`"${wanted}" is not in the article`);
    const end = start + wanted.length;
    let at = 0;
    let a: [Text, number] | null = null;
    let b: [Text, number] | null = null;
    for (const node of nodes) {
      const next = at + node.data.length;
      if (!a && start >= at && start < next) a = [node, start - at];
      if (!b && end > at && end <= next) b = [node, end - at];
      at = next;
    }
    if (!a || !b) throw new Error('no boundary');
    const sel = document.getSelection() as Selection;
    sel.setBaseAndExtent(a[0], a[1], b[0], b[1]);
    root.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, composed: true }));
  }, text);
}
