/** Puts back what one clean-up change did. */
export type Undo = () => void;

/** Runs several undos, last change first. */
export function combine(undos: readonly (Undo | null | undefined)[]): Undo {
  const list = undos.filter((u): u is Undo => !!u);
  return () => {
    for (let i = list.length - 1; i >= 0; i--) list[i]?.();
  };
}

/** Remembers an element's `style` attribute so that it can be put back exactly. */
export function saveStyle(el: Element): Undo {
  const prev = el.getAttribute('style');
  return () => {
    if (prev === null) el.removeAttribute('style');
    else el.setAttribute('style', prev);
  };
}

/** Sets inline properties with `!important` (CSSOM, so a page's CSP cannot block it). */
export function forceStyle(el: Element, props: Record<string, string>): Undo {
  const undo = saveStyle(el);
  const style = (el as HTMLElement).style;
  if (!style) return undo;
  for (const [name, value] of Object.entries(props)) style.setProperty(name, value, 'important');
  return undo;
}

/** Removes classes from an element; the undo adds back those that were there. */
export function removeClasses(el: Element, names: readonly string[]): Undo | null {
  const present = names.filter((n) => el.classList.contains(n));
  if (!present.length) return null;
  el.classList.remove(...present);
  return () => el.classList.add(...present);
}
