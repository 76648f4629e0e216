/** Speech voices for the options page: grouped by language, the reader's language first. */

export interface VoiceChoice {
  uri: string;
  name: string;
}

export interface VoiceGroup {
  /** Primary language subtag, e.g. `fr`. */
  lang: string;
  /** The language's name in the UI language, e.g. `French`. */
  label: string;
  voices: VoiceChoice[];
}

type VoiceLike = Pick<SpeechSynthesisVoice, 'voiceURI' | 'name' | 'lang'>;

function primary(lang: string): string {
  return lang.toLowerCase().split(/[-_]/)[0] || 'und';
}

function languageName(lang: string, locale: string): string {
  try {
    const names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    return names.of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/**
 * Voices grouped by primary language (duplicates dropped), groups sorted by their name in
 * `locale` with the UI language's group first; within a group, by region then name.
 */
export function groupVoices(voices: readonly VoiceLike[], locale: string): VoiceGroup[] {
  const seen = new Set<string>();
  const byLang = new Map<string, VoiceLike[]>();
  for (const v of voices) {
    if (!v.voiceURI || seen.has(v.voiceURI)) continue;
    seen.add(v.voiceURI);
    const key = primary(v.lang);
    byLang.set(key, [...(byLang.get(key) ?? []), v]);
  }
  const collator = new Intl.Collator(locale);
  const ui = primary(locale);
  return [...byLang.entries()]
    .map(([lang, list]) => ({
      lang,
      label: languageName(lang, locale),
      voices: list
        .sort((a, b) => collator.compare(a.lang, b.lang) || collator.compare(a.name, b.name))
        .map((v) => ({ uri: v.voiceURI, name: v.lang ? `${v.name} (${v.lang})` : v.name })),
    }))
    .sort((a, b) => {
      if ((a.lang === ui) !== (b.lang === ui)) return a.lang === ui ? -1 : 1;
      return collator.compare(a.label, b.label);
    });
}
