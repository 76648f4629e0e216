import { afterEach, describe, expect, it } from 'vitest';
import { watchAddedElements } from '../../../utils/cleanup/watch';

const tick = (ms = 220) => new Promise((r) => setTimeout(r, ms));

describe('watchAddedElements', () => {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    document.body.innerHTML = '';
  });

  it('hands over added elements in one batch and skips its own buttons and scripts', async () => {
    const batches: Element[][] = [];
    stop = watchAddedElements(document, window as never, (els) => batches.push(els));
    const a = document.createElement('div');
    const b = document.createElement('section');
    const own = document.createElement('button');
    own.setAttribute('data-broadsheet-show-comments', '');
    document.body.append(a, b, own, document.createElement('script'));
    await tick();
    expect(batches).toEqual([[a, b]]);
  });

  it('stops after disconnect', async () => {
    const batches: Element[][] = [];
    stop = watchAddedElements(document, window as never, (els) => batches.push(els));
    stop();
    document.body.append(document.createElement('div'));
    await tick();
    expect(batches).toEqual([]);
  });

  it('looks away from a page that mutates in every task, then rescans it once', async () => {
    const batches: Element[][] = [];
    let callbacks = 0;
    const Real = window.MutationObserver;
    // Count the observer's callbacks: each one is work the batch budget does not see.
    const Counting = class extends Real {
      constructor(cb: MutationCallback) {
        super((records, obs) => {
          callbacks++;
          cb(records, obs);
        });
      }
    };
    const win = { ...window, MutationObserver: Counting, performance, document } as never;
    stop = watchAddedElements(document, win, (els) => batches.push(els), {
      maxCallsPerSecond: 20,
    });
    for (let i = 0; i < 200; i++) {
      document.body.append(document.createElement('li'));
      await new Promise((r) => setTimeout(r, 0));
    }
    // Looked away after a few dozen callbacks: the other mutations cost nothing.
    expect(callbacks).toBeLessThan(60);
    await tick(1200);
    // Then one rescan of the whole page, handed over as the body.
    expect(batches.at(-1)).toEqual([document.body]);
  });

  it('gives up politely on a page that never stops adding nodes', async () => {
    let gaveUp = '';
    const batches: Element[][] = [];
    stop = watchAddedElements(document, window as never, (els) => batches.push(els), {
      maxAdded: 50,
      onGiveUp: (why) => {
        gaveUp = why;
      },
    });
    for (let i = 0; i < 60; i++) document.body.append(document.createElement('p'));
    await tick();
    expect(gaveUp).toBe('mutations');
    document.body.append(document.createElement('div'));
    await tick();
    expect(batches).toEqual([]);
  });

  it('gives up when its callbacks use up the time budget', async () => {
    let gaveUp = '';
    stop = watchAddedElements(
      document,
      window as never,
      () => {
        const end = performance.now() + 5;
        while (performance.now() < end) {
          // burn time
        }
      },
      { maxTotalMs: 1, onGiveUp: (why) => (gaveUp = why) },
    );
    document.body.append(document.createElement('div'));
    await tick();
    expect(gaveUp).toBe('time');
  });
});
