import { describe, expect, it } from 'vitest';
import { foldComments, keepUnfolded } from '../../../utils/cleanup/apply';
import { PLATFORM_SELECTOR } from '../../../utils/cleanup/platform-css';
import { findComments, loadFixture, STRINGS } from './fixture';

describe('foldComments', () => {
  it('hides each section and puts a "Show comments…" button just before it', () => {
    const { doc, win } = loadFixture('seed-fr.html');
    const sections = findComments(doc);
    const { count } = foldComments(sections, doc, STRINGS);
    expect(count).toBe(1);
    const section = sections[0] as Element;
    expect(win.getComputedStyle(section).display).toBe('none');
    const button = section.previousElementSibling as HTMLButtonElement;
    expect(button.tagName).toBe('BUTTON');
    expect(button.type).toBe('button');
    expect(button.textContent?.startsWith('Show comments')).toBe(true);
    expect(section.contains(button)).toBe(false);
    for (const p of Array.from(doc.querySelectorAll('.entry-content p'))) {
      expect(win.getComputedStyle(p).display).not.toBe('none');
    }
  });

  it('shows the section again when the button is pressed, and keeps it shown', () => {
    const { doc, win } = loadFixture('comments-de.html');
    const sections = findComments(doc);
    const section = sections[0] as HTMLElement;
    section.style.color = 'navy';
    const before = section.getAttribute('style');
    foldComments(sections, doc, STRINGS);
    const button = section.previousElementSibling as HTMLButtonElement;
    button.click();
    expect(win.getComputedStyle(section).display).not.toBe('none');
    expect(section.getAttribute('style')).toBe(before);
    // The one button left folds it again.
    expect(section.previousElementSibling?.textContent).toBe('Hide comments');
    expect(doc.querySelectorAll('[data-broadsheet-show-comments]').length).toBe(1);
    expect(section.hasAttribute('data-broadsheet-keep')).toBe(true);
    expect(findComments(doc)).toEqual([]);
    expect(foldComments([section], doc, STRINGS).count).toBe(0);
  });

  it('undoes every fold at once and does not fold twice', () => {
    const { doc } = loadFixture('platform-wordpress.html');
    const sections = findComments(doc);
    const first = foldComments(sections, doc, STRINGS);
    expect(foldComments(sections, doc, STRINGS).count).toBe(0);
    expect(doc.querySelectorAll('[data-broadsheet-show-comments]').length).toBe(1);
    first.undo();
    expect(doc.querySelectorAll('[data-broadsheet-show-comments]').length).toBe(0);
    expect(doc.querySelector('[data-broadsheet-folded]')).toBeNull();
  });

  it('marks platform containers it did not fold as kept', () => {
    const { doc } = loadFixture('platform-disqus.html');
    const thread = doc.getElementById('disqus_thread') as Element;
    doc.querySelector('.article-body')?.append(thread);
    expect(keepUnfolded(doc, PLATFORM_SELECTOR)).toBe(1);
    expect(thread.hasAttribute('data-broadsheet-keep')).toBe(true);
  });
});
