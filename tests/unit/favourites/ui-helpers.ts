import { render } from 'preact';
import { act } from 'preact/test-utils';

/** Polls until `check` stops throwing (or times out), letting IndexedDB and timers run. */
export async function waitFor<T>(check: () => T, timeout = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeout) throw error;
      await act(async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
      });
    }
  }
}

export function listItems(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('ul[aria-label="Favourites"] > li')];
}

export function titles(root: ParentNode): string[] {
  return listItems(root).map((li) => li.querySelector('a.fav-title')?.textContent ?? '');
}

export function byText<T extends Element>(root: ParentNode, selector: string, text: string): T {
  const found = [...root.querySelectorAll<T>(selector)].find(
    (el) => el.textContent?.trim() === text,
  );
  if (!found) throw new Error(`no ${selector} with text ${text}`);
  return found;
}

export function setValue(el: HTMLInputElement | HTMLSelectElement, value: string, type: string) {
  el.value = value;
  el.dispatchEvent(new Event(type, { bubbles: true }));
}

/**
 * A fresh element in the document for each test, unmounted and removed after it. Call at the top
 * of a test file; `get()` returns the current one.
 */
export function useContainer(): { get: () => HTMLElement } {
  let container: HTMLElement;
  beforeEach(() => {
    container = document.createElement('div');
    document.body.append(container);
  });
  afterEach(() => {
    render(null, container);
    container.remove();
  });
  return { get: () => container };
}
