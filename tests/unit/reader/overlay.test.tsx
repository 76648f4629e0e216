import { render } from 'preact';
import { act } from 'preact/test-utils';
import { mountReaderOverlay } from '@/components/reader/overlay';

function key(target: EventTarget, k: string, shiftKey = false) {
  const event = new KeyboardEvent('keydown', {
    key: k,
    shiftKey,
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  target.dispatchEvent(event);
  return event;
}

describe('mountReaderOverlay', () => {
  let trigger: HTMLButtonElement;
  beforeEach(() => {
    document.body.innerHTML = '<p>page</p><button id="trigger">open</button>';
    document.documentElement.style.setProperty('overflow', 'scroll');
    trigger = document.getElementById('trigger') as HTMLButtonElement;
    trigger.focus();
    window.scrollTo(0, 0);
  });
  afterEach(() => {
    document.documentElement.removeAttribute('style');
  });

  function open(onClose = vi.fn()) {
    let overlay!: ReturnType<typeof mountReaderOverlay>;
    act(() => {
      overlay = mountReaderOverlay(
        document,
        (container, close) =>
          render(
            <div>
              <button type="button">First</button>
              <a href="https://x.example/">Middle</a>
              <button type="button" onClick={close}>
                Close reader view
              </button>
            </div>,
            container,
          ),
        { onClose },
      );
    });
    return overlay;
  }

  it('opens a modal dialog named Reader view in an open shadow root', () => {
    const overlay = open();
    expect(overlay.host.parentElement).toBe(document.documentElement);
    expect(overlay.host.shadowRoot).toBe(overlay.shadowRoot);
    const dialog = overlay.shadowRoot.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-modal')).toBe('true');
    expect(dialog?.getAttribute('aria-label')).toBe('Reader view');
    expect(overlay.shadowRoot.activeElement).toBe(dialog);
    overlay.close();
  });

  it('hides the page for printing only while printing, and not after closing', () => {
    const pageSheets = () =>
      [...document.adoptedStyleSheets]
        .map((sheet) => [...sheet.cssRules].map((r) => r.cssText).join(''))
        .join('') + [...document.querySelectorAll('style')].map((s) => s.textContent).join('');
    const before = pageSheets();
    const overlay = open();
    expect(pageSheets()).toBe(before);
    window.dispatchEvent(new Event('beforeprint'));
    expect(pageSheets()).toContain('display: none');
    window.dispatchEvent(new Event('afterprint'));
    expect(pageSheets()).toBe(before);
    window.dispatchEvent(new Event('beforeprint'));
    overlay.close();
    expect(pageSheets()).toBe(before);
    window.dispatchEvent(new Event('beforeprint'));
    expect(pageSheets()).toBe(before);
  });

  it('locks page scroll while open and restores the previous inline style', () => {
    const overlay = open();
    expect(document.documentElement.style.getPropertyValue('overflow-y')).toBe('hidden');
    expect(document.documentElement.style.getPropertyPriority('overflow-y')).toBe('important');
    overlay.close();
    expect(document.documentElement.style.getPropertyValue('overflow')).toBe('scroll');
    expect(document.body.getAttribute('style')).toBeNull();
  });

  it('closes on Escape, restoring scroll position and focus', () => {
    window.scrollTo(0, 1234);
    const scrollY = window.scrollY;
    const onClose = vi.fn();
    const overlay = open(onClose);
    window.scrollTo(0, 0); // the page moved under the overlay
    act(() => {
      key(overlay.dialog, 'Escape');
    });
    expect(onClose).toHaveBeenCalledOnce();
    expect(overlay.host.isConnected).toBe(false);
    expect(window.scrollY).toBe(scrollY);
    expect(document.activeElement).toBe(trigger);
    expect(document.querySelector('broadsheet-reader')).toBeNull();
  });

  it('closes from the close button given to render', () => {
    const onClose = vi.fn();
    const overlay = open(onClose);
    const close = [...overlay.shadowRoot.querySelectorAll('button')].find(
      (b) => b.textContent === 'Close reader view',
    );
    act(() => close?.click());
    expect(onClose).toHaveBeenCalledOnce();
    expect(overlay.host.isConnected).toBe(false);
  });

  it('traps Tab and Shift+Tab inside the dialog', () => {
    const overlay = open();
    const items = [...overlay.shadowRoot.querySelectorAll<HTMLElement>('button, a[href]')];
    const first = items[0] as HTMLElement;
    const last = items[items.length - 1] as HTMLElement;
    last.focus();
    expect(key(last, 'Tab').defaultPrevented).toBe(true);
    expect(overlay.shadowRoot.activeElement).toBe(first);
    expect(key(first, 'Tab', true).defaultPrevented).toBe(true);
    expect(overlay.shadowRoot.activeElement).toBe(last);
    // From the dialog itself (focus at start), Tab goes to the first control.
    overlay.dialog.focus();
    key(overlay.dialog, 'Tab');
    expect(overlay.shadowRoot.activeElement).toBe(first);
    overlay.close();
  });

  it('brings focus back when it escapes to the page', () => {
    const overlay = open();
    trigger.focus();
    expect(overlay.shadowRoot.activeElement).toBe(overlay.dialog);
    overlay.close();
  });

  it('is idempotent on close and stops listening', () => {
    const onClose = vi.fn();
    const overlay = open(onClose);
    overlay.close();
    overlay.close();
    key(document.body, 'Escape');
    expect(onClose).toHaveBeenCalledOnce();
  });
});
