import { beforeEach, describe, expect, it } from 'vitest';
import {
  changesInForce,
  insertNode,
  removeClasses,
  setAttribute,
  setStyles,
} from '../../../utils/page/changes';

let body: HTMLElement;
beforeEach(() => {
  document.body.innerHTML = '';
  document.body.removeAttribute('style');
  document.body.className = '';
  body = document.body;
});

describe('setStyles', () => {
  it('the reader closing keeps the clean-up’s scroll-lock release (the seed page’s bug)', () => {
    body.setAttribute('style', 'overflow-x: hidden; overflow-y: hidden; color: navy');
    const releaseLock = setStyles(body, { 'overflow-y': 'auto', height: 'auto' });
    const closeReader = setStyles(body, { overflow: 'hidden' });
    expect(body.style.getPropertyValue('overflow-y')).toBe('hidden');
    closeReader();
    expect(body.style.getPropertyValue('overflow-y')).toBe('auto');
    expect(body.style.getPropertyPriority('overflow-y')).toBe('important');
    expect(body.style.getPropertyValue('height')).toBe('auto');
    expect(body.style.color).toBe('navy');
    releaseLock();
    expect(body.style.getPropertyValue('overflow-y')).toBe('hidden');
    expect(body.style.getPropertyValue('overflow-x')).toBe('hidden');
    expect(body.style.getPropertyPriority('overflow-y')).toBe('');
    expect(body.style.getPropertyValue('height')).toBe('');
    expect(body.style.color).toBe('navy');
  });

  it('composes in any order: undoing the older change keeps the newer one in force', () => {
    const older = setStyles(body, { display: 'none', color: 'red' });
    const newer = setStyles(body, { display: 'block' });
    older();
    expect(body.style.display).toBe('block');
    expect(body.style.color).toBe('');
    newer();
    expect(body.hasAttribute('style')).toBe(false);
  });

  it('gives back an element without a style attribute as it was, and counts changes in force', () => {
    const el = document.createElement('div');
    body.append(el);
    const before = changesInForce();
    const undo = setStyles(el, { display: 'none' });
    expect(el.getAttribute('style')).toContain('display: none');
    expect(changesInForce()).toBe(before + 1);
    undo();
    undo(); // a second call changes nothing
    expect(el.hasAttribute('style')).toBe(false);
    expect(changesInForce()).toBe(before);
  });

  it('keeps the page’s own priority when it puts a value back', () => {
    body.style.setProperty('overflow-y', 'scroll', 'important');
    const undo = setStyles(body, { overflow: 'hidden' }, false);
    expect(body.style.getPropertyValue('overflow-y')).toBe('hidden');
    undo();
    expect(body.style.getPropertyValue('overflow-y')).toBe('scroll');
    expect(body.style.getPropertyPriority('overflow-y')).toBe('important');
    expect(body.style.getPropertyValue('overflow-x')).toBe('');
  });
});

describe('classes, attributes and nodes', () => {
  it('each undo puts back exactly what it changed', () => {
    body.className = 'no-scroll page';
    const before = changesInForce();
    const classes = removeClasses(body, ['no-scroll', 'absent']);
    const attr = setAttribute(body, 'data-x', '1');
    const node = document.createElement('button');
    const inserted = insertNode(body, node);
    expect(body.className).toBe('page');
    expect(removeClasses(body, ['absent'])).toBeNull();
    expect(changesInForce()).toBe(before + 3);
    inserted();
    attr();
    classes?.();
    expect(node.isConnected).toBe(false);
    expect(body.hasAttribute('data-x')).toBe(false);
    expect(body.classList.contains('no-scroll')).toBe(true);
    expect(changesInForce()).toBe(before);
  });
});
