/**
 * The one owner of every change Broadsheet makes to a page: inline styles, classes, attributes
 * and inserted nodes, each applied with its undo. Features (the clean-up, the reader, whatever
 * comes next) never restore a snapshot of their own; they undo their own change, and the owner
 * puts back whatever is under it: another feature's change that is still in force, or the
 * page's own value. So the clean-up and the reader compose in any order.
 *
 * The always-on script and the reader script are separate bundles in the same isolated world:
 * the ledger lives on that world's global object, so both see the same one.
 */

/** Puts back what one change did. */
export type Undo = () => void;

interface Slot {
  value: string;
  priority: string;
}

interface Layer {
  props: Map<string, Slot>;
}

interface ElementStyles {
  /** The element's own value of each property that some layer is setting, from before the first. */
  base: Map<string, Slot>;
  /** The element's `style` attribute before Broadsheet first touched it. */
  before: string | null;
  /** The attribute as our last write left it: if it still reads so, nobody else changed it. */
  written: string | null;
  /** Layers in the order they were applied; the last one that sets a property wins. */
  layers: Layer[];
}

interface Ledger {
  styles: WeakMap<Element, ElementStyles>;
  /** Changes in force, for tests and diagnostics. */
  active: number;
}

const KEY = Symbol.for('broadsheet.page-changes');

function ledger(): Ledger {
  const g = globalThis as unknown as Record<symbol, Ledger | undefined>;
  let l = g[KEY];
  if (!l) {
    l = { styles: new WeakMap(), active: 0 };
    g[KEY] = l;
  }
  return l;
}

/**
 * Shorthands as their longhands: a layer that set `overflow` and an older one that set
 * `overflow-y` must still compose, and CSSOM reads a shorthand as '' unless all its parts agree.
 */
const SHORTHANDS: Record<string, readonly string[]> = {
  overflow: ['overflow-x', 'overflow-y'],
  inset: ['top', 'right', 'bottom', 'left'],
};

function expand(props: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(props)) {
    const parts = SHORTHANDS[name];
    if (parts) for (const p of parts) out.set(p, value);
    else out.set(name, value);
  }
  return out;
}

function styleOf(el: Element): CSSStyleDeclaration | null {
  return (el as HTMLElement).style ?? null;
}

function write(style: CSSStyleDeclaration, name: string, slot: Slot | undefined): void {
  if (slot?.value) style.setProperty(name, slot.value, slot.priority);
  else style.removeProperty(name);
}

/**
 * Sets inline properties on `el` (with `!important` unless `important` is false; CSSOM, so a
 * page's CSP cannot block it). The undo removes this change only: each property goes back to
 * the newest change still in force that sets it, or else to the page's own value.
 */
export function setStyles(el: Element, props: Record<string, string>, important = true): Undo {
  const style = styleOf(el);
  if (!style) return () => {};
  const l = ledger();
  let rec = l.styles.get(el);
  if (!rec) {
    const before = el.getAttribute('style');
    rec = { base: new Map(), before, written: before, layers: [] };
    l.styles.set(el, rec);
  }
  const layer: Layer = { props: new Map() };
  const priority = important ? 'important' : '';
  for (const [name, value] of expand(props)) {
    if (!rec.base.has(name)) {
      rec.base.set(name, {
        value: style.getPropertyValue(name),
        priority: style.getPropertyPriority(name),
      });
    }
    layer.props.set(name, { value, priority });
    style.setProperty(name, value, priority);
  }
  rec.layers.push(layer);
  rec.written = el.getAttribute('style');
  l.active++;
  let done = false;
  const owner = rec;
  return () => {
    if (done) return;
    done = true;
    l.active--;
    const i = owner.layers.indexOf(layer);
    if (i >= 0) owner.layers.splice(i, 1);
    if (!owner.layers.length && el.getAttribute('style') === owner.written) {
      // Nobody else touched the style since: give it back character for character.
      if (owner.before === null) el.removeAttribute('style');
      else el.setAttribute('style', owner.before);
      l.styles.delete(el);
      return;
    }
    for (const name of layer.props.keys()) {
      let top: Slot | undefined;
      for (let j = owner.layers.length - 1; j >= 0 && !top; j--) {
        top = owner.layers[j]?.props.get(name);
      }
      if (top) write(style, name, top);
      else {
        write(style, name, owner.base.get(name));
        owner.base.delete(name);
      }
    }
    owner.written = el.getAttribute('style');
    if (!owner.layers.length) {
      if (owner.before === null && el.getAttribute('style') === '') el.removeAttribute('style');
      l.styles.delete(el);
    }
  };
}

/** Removes classes from an element; the undo adds back those that were there. Null when none were. */
export function removeClasses(el: Element, names: readonly string[]): Undo | null {
  const present = names.filter((n) => el.classList.contains(n));
  if (!present.length) return null;
  const l = ledger();
  el.classList.remove(...present);
  l.active++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    l.active--;
    el.classList.add(...present);
  };
}

/** Sets an attribute (or removes it, for `null`); the undo puts back the page's value. */
export function setAttribute(el: Element, name: string, value: string | null): Undo {
  const prev = el.getAttribute(name);
  const l = ledger();
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
  l.active++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    l.active--;
    if (prev === null) el.removeAttribute(name);
    else el.setAttribute(name, prev);
  };
}

/** Inserts a node of ours into the page (before `before`, or at the end of `parent`); the undo removes it. */
export function insertNode(parent: Node, node: Node, before: Node | null = null): Undo {
  const l = ledger();
  parent.insertBefore(node, before);
  l.active++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    l.active--;
    node.parentNode?.removeChild(node);
  };
}

/** Runs several undos, last change first. */
export function combine(undos: readonly (Undo | null | undefined)[]): Undo {
  const list = undos.filter((u): u is Undo => !!u);
  return () => {
    for (let i = list.length - 1; i >= 0; i--) list[i]?.();
  };
}

/** How many of Broadsheet's changes are in force on this page (0 once everything is undone). */
export function changesInForce(): number {
  return ledger().active;
}
