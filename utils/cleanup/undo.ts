/**
 * The clean-up's changes go through the page's one owner of changes (utils/page/changes.ts),
 * so that the reader and the clean-up compose: these are its names as the clean-up uses them.
 */
export { combine, removeClasses, setStyles as forceStyle, type Undo } from '../page/changes';
