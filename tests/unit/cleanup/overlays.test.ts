import { describe, expect, it, vi } from 'vitest';
import { removeOverlay } from '../../../utils/cleanup/apply';
import {
  findStuckOverlays,
  findStuckOverlaysObserved,
  hasLoaderCandidate,
  hasOpenDialog,
  isLoaderLike,
} from '../../../utils/cleanup/overlays';
import {
  isScrollLocked,
  releaseScrollLocks,
  revealHiddenPage,
} from '../../../utils/cleanup/scroll-lock';
import { loadFixture } from './fixture';

const noLayout = () => null;

describe('findStuckOverlays', () => {
  it('finds the seed page’s "Please Wait..." overlay', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([doc.getElementById('preloader')]);
  });

  it('uses layout when there is one: a small box is no overlay', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    expect(findStuckOverlays(doc, win, () => ({ width: 300, height: 200 }))).toEqual([]);
    const full = () => ({ width: 1280, height: 800 });
    expect(findStuckOverlays(doc, win, full)).toEqual([doc.getElementById('preloader')]);
  });

  it('leaves an overlay the page already took down', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    (doc.getElementById('preloader') as HTMLElement).style.display = 'none';
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([]);
  });

  it('finds a spinner-only preloader by its name', () => {
    const { doc, win } = loadFixture('antiflicker-en.html');
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([doc.getElementById('site-preloader')]);
  });

  it('finds a loader inserted late', () => {
    const { doc, win } = loadFixture('late-overlay.html');
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([]);
    const layer = doc.createElement('div');
    layer.setAttribute('style', 'position:fixed;top:0;left:0;width:100%;height:100%;z-index:9');
    layer.innerHTML = '<p>Chargement…</p>';
    doc.body.append(layer);
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([layer]);
  });

  it.each(['trap-loading-chart.html', 'trap-cookie-consent.html', 'trap-reader-modal.html'])(
    'leaves %s alone',
    (file) => {
      const { doc, win } = loadFixture(file);
      expect(findStuckOverlays(doc, win, noLayout)).toEqual([]);
    },
  );

  it('never takes a fixed full-page wrapper that holds the article', () => {
    const { doc, win } = loadFixture('comments-en.html');
    const main = doc.getElementById('main') as HTMLElement;
    main.setAttribute('style', 'position:fixed;top:0;left:0;width:100%;height:100%;overflow:auto');
    main.classList.add('loading');
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([]);
  });
});

describe('what reads as a loader from its markup', () => {
  it('the seed page has a loader; an article page with none has none', () => {
    expect(hasLoaderCandidate(loadFixture('seed-fr.html').doc)).toBe(true);
    const doc = document.implementation.createHTMLDocument('t');
    doc.body.innerHTML = '<main><article><h1>A title</h1><p>Text.</p></article></main>';
    expect(hasLoaderCandidate(doc)).toBe(false);
  });

  it('a wrapper of a whole page is no loader, whatever its name says', () => {
    const doc = document.implementation.createHTMLDocument('t');
    const rows = Array.from({ length: 200 }, () => '<span class="i"></span>').join('');
    doc.body.innerHTML = `<div id="page-loader-wrap">${rows}</div><div class="spinner"></div>`;
    const [wrapper, spinner] = Array.from(doc.body.children) as Element[];
    expect(isLoaderLike(wrapper as Element)).toBe(false);
    expect(isLoaderLike(spinner as Element)).toBe(true);
  });
});

describe('removeOverlay', () => {
  it('hides the overlay and the undo puts it back exactly', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    const el = doc.getElementById('preloader') as HTMLElement;
    el.setAttribute('style', 'color: red;');
    const undo = removeOverlay(el);
    expect(win.getComputedStyle(el).display).toBe('none');
    expect(el.hasAttribute('data-broadsheet-removed')).toBe(true);
    expect(findStuckOverlays(doc, win, noLayout)).toEqual([]);
    undo();
    expect(el.getAttribute('style')).toBe('color: red;');
    expect(el.hasAttribute('data-broadsheet-removed')).toBe(false);
  });
});

describe('scroll-locks and hidden pages', () => {
  it('releases overflow:hidden on body and undoes it', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    expect(isScrollLocked(doc, win)).toBe(true);
    const undo = releaseScrollLocks(doc, win);
    expect(undo).not.toBeNull();
    expect(isScrollLocked(doc, win)).toBe(false);
    undo?.();
    expect(isScrollLocked(doc, win)).toBe(true);
    expect(doc.body.hasAttribute('style')).toBe(false);
  });

  it('releases a position:fixed lock and scrolls back to where the page was', () => {
    const { doc, win } = loadFixture('antiflicker-en.html');
    const scrollTo = vi.spyOn(win, 'scrollTo').mockImplementation(() => undefined);
    const before = doc.body.getAttribute('style');
    const undo = releaseScrollLocks(doc, win);
    expect(win.getComputedStyle(doc.body).position).toBe('static');
    expect(scrollTo).toHaveBeenCalledWith(0, 420);
    undo?.();
    expect(doc.body.getAttribute('style')).toBe(before);
  });

  it('releases lock classes', () => {
    const { doc, win } = loadFixture('comments-en.html');
    doc.documentElement.classList.add('no-scroll');
    const undo = releaseScrollLocks(doc, win);
    expect(doc.documentElement.classList.contains('no-scroll')).toBe(false);
    undo?.();
    expect(doc.documentElement.classList.contains('no-scroll')).toBe(true);
  });

  it('returns null when nothing is locked', () => {
    const { doc, win } = loadFixture('comments-en.html');
    expect(releaseScrollLocks(doc, win)).toBeNull();
  });

  it.each(['trap-cookie-consent.html', 'trap-reader-modal.html'])(
    'keeps the lock of an open modal dialog (%s)',
    (file) => {
      const { doc, win } = loadFixture(file);
      expect(hasOpenDialog(doc, win)).toBe(true);
      expect(releaseScrollLocks(doc, win)).toBeNull();
      expect(isScrollLocked(doc, win)).toBe(true);
    },
  );

  it('removes an anti-flicker class and a stuck loading class, with undo', () => {
    const { doc, win } = loadFixture('antiflicker-en.html');
    const html = doc.documentElement;
    expect(win.getComputedStyle(html).opacity).toBe('0');
    const undo = revealHiddenPage(doc, win);
    expect(html.classList.contains('async-hide')).toBe(false);
    expect(doc.body.classList.contains('is-loading')).toBe(false);
    expect(win.getComputedStyle(html).opacity).not.toBe('0');
    undo?.();
    expect(html.classList.contains('async-hide')).toBe(true);
    expect(doc.body.classList.contains('is-loading')).toBe(true);
  });

  it('leaves a normal page’s classes alone', () => {
    const { doc, win } = loadFixture('comments-en.html');
    doc.body.classList.add('loading');
    expect(revealHiddenPage(doc, win)).toBeNull();
    expect(doc.body.classList.contains('loading')).toBe(true);
  });
});

/** An IntersectionObserver that reports each target with the box `boxOf` gives it. */
function fakeObserver(boxOf: (el: Element) => { width: number; height: number }, seen: Element[]) {
  return class {
    constructor(private cb: (entries: unknown[]) => void) {}
    observe(el: Element) {
      seen.push(el);
      queueMicrotask(() =>
        this.cb([
          { target: el, intersectionRect: boxOf(el), rootBounds: { width: 1280, height: 800 } },
        ]),
      );
    }
    disconnect() {}
  };
}

describe('findStuckOverlaysObserved: boxes from an IntersectionObserver, not from script', () => {
  it('judges only the candidates that cover the viewport, and finds the overlay among them', async () => {
    const { doc, win } = loadFixture('seed-fr.html');
    const seen: Element[] = [];
    const preloader = doc.getElementById('preloader') as Element;
    const full = { width: 1280, height: 800 };
    const styleOf = vi.spyOn(win, 'getComputedStyle');
    Object.assign(win, {
      IntersectionObserver: fakeObserver(
        (el) => (el === preloader ? full : { width: 1280, height: 90 }),
        seen,
      ),
    });
    expect(await findStuckOverlaysObserved(doc, win)).toEqual([preloader]);
    expect(seen).toContain(preloader);
    expect(seen.length).toBeGreaterThan(1);
    // Only the covering one had its style read (and its ancestors none: it has layout).
    expect(styleOf.mock.calls.map((c) => c[0])).toEqual([preloader]);
  });

  it('finds none when the observer says nothing covers the viewport', async () => {
    const { doc, win } = loadFixture('seed-fr.html');
    Object.assign(win, {
      IntersectionObserver: fakeObserver(() => ({ width: 300, height: 200 }), []),
    });
    expect(await findStuckOverlaysObserved(doc, win)).toEqual([]);
  });

  it('without a report in time (a tab not rendered), judges as findStuckOverlays does', async () => {
    vi.useFakeTimers();
    try {
      const { doc, win } = loadFixture('seed-fr.html');
      Object.assign(win, {
        IntersectionObserver: class {
          observe() {}
          disconnect() {}
        },
      });
      const found = findStuckOverlaysObserved(doc, win);
      vi.advanceTimersByTime(1000);
      expect(await found).toEqual(findStuckOverlays(doc, win));
      expect(await found).toEqual([doc.getElementById('preloader')]);
    } finally {
      vi.useRealTimers();
    }
  });
});
