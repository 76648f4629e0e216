/**
 * A favourite's tags, as one comma-separated textbox named `Tags`: Enter (or leaving the box)
 * keeps them; a datalist suggests the tags in use, completing the part being typed. Used by the
 * popup and by the reader's Save control.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { formatTags, parseTags, tagSuggestions } from '@/utils/ui/tags';

export interface TagsFieldProps {
  tags: readonly string[];
  /** The tags in use, for suggestions; asked for once, when the box is first used. */
  known: () => Promise<string[]>;
  /** Keeps the tags; resolves to those kept (cleaned), or null when there is no favourite. */
  onCommit: (tags: string[]) => Promise<string[] | null>;
  /** Focus the box when it appears. */
  autoFocus?: boolean;
  class?: string;
}

let fields = 0;

export function TagsField(props: TagsFieldProps) {
  const [id] = useState(() => `bs-tags-${++fields}`);
  const [text, setText] = useState(() => formatTags(props.tags));
  const [kept, setKept] = useState(() => formatTags(props.tags));
  const [known, setKnown] = useState<string[] | null>(null);
  const [note, setNote] = useState('');
  const asked = useRef(false);
  /** The text being kept now (Enter and the change event that follows it ask once). */
  const committing = useRef<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  // Tags changed elsewhere (another tab, Undo) while the box was not being edited.
  const shown = formatTags(props.tags);
  useEffect(() => {
    setKept(shown);
    setText((current) => (current === kept ? shown : current));
  }, [shown]);

  useEffect(() => {
    if (props.autoFocus) input.current?.focus();
  }, []);

  const askKnown = () => {
    if (asked.current) return;
    asked.current = true;
    props.known().then(setKnown, () => setKnown([]));
  };

  const commit = async () => {
    const tags = parseTags(text);
    const wanted = formatTags(tags);
    if (wanted === kept || wanted === committing.current) {
      if (wanted === kept) setText(kept);
      return;
    }
    committing.current = wanted;
    try {
      const result = await props.onCommit(tags);
      if (!result) return;
      const next = formatTags(result);
      setKept(next);
      setText(next);
      setNote(t(text.includes('|') ? 'tagsKeptSplit' : 'tagsKept'));
      if (known) {
        const have = new Set(known);
        setKnown([...known, ...result.filter((tag) => !have.has(tag))]);
      }
    } catch (e) {
      setNote(t('tagsFailed', String((e as Error).message)));
    } finally {
      committing.current = null;
    }
  };

  const options = known ? tagSuggestions(text, known) : [];
  return (
    <div class={`bs-tags ${props.class ?? ''}`}>
      <label for={id} class="bs-tags-label">
        {t('tagsLabel')}
      </label>
      <input
        ref={input}
        id={id}
        type="text"
        // A textbox that the browser offers completions for (its datalist), not a combobox
        // of its own: typing free text is the point, and `Tags` is a textbox by contract.
        role="textbox"
        class="bs-tags-input"
        list={`${id}-list`}
        autocomplete="off"
        spellcheck={false}
        placeholder={t('tagsPlaceholder')}
        aria-describedby={`${id}-note`}
        value={text}
        onFocus={askKnown}
        onInput={(e) => {
          askKnown();
          setNote('');
          setText((e.currentTarget as HTMLInputElement).value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void commit();
          } else if (e.key === 'Escape' && text !== kept) {
            // The first Escape undoes the edit; the next one is the container's (close).
            e.preventDefault();
            e.stopPropagation();
            setText(kept);
          }
        }}
        onChange={() => void commit()}
      />
      <datalist id={`${id}-list`}>
        {options.map((value) => (
          <option key={value} value={value} />
        ))}
      </datalist>
      <span id={`${id}-note`} class="bs-tags-note" aria-live="polite">
        {note}
      </span>
    </div>
  );
}
