import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import type { ReaderSettings } from '@/utils/reader-settings';
import { Speaker, type SpeechState, speechEnv, voicesFor } from './speech';

const RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];

export interface ListenProps {
  text: string;
  lang?: string;
  settings: ReaderSettings;
  onChange: (next: ReaderSettings) => void;
}

function useSpeechEnv() {
  return useMemo(() => speechEnv(typeof window === 'undefined' ? undefined : window), []);
}

/** The voices for `lang`, kept current as the browser loads them. */
function useVoices(lang?: string): SpeechSynthesisVoice[] {
  const env = useSpeechEnv();
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>([]);
  useEffect(() => {
    if (!env) return;
    const load = () => setVoices(voicesFor(env.synth.getVoices?.() ?? [], lang));
    load();
    env.synth.addEventListener?.('voiceschanged', load);
    return () => env.synth.removeEventListener?.('voiceschanged', load);
  }, [env, lang]);
  return voices;
}

/**
 * Listen, Pause/Resume and Stop, for the reader's bar. Nothing when speech synthesis is absent;
 * where it is there but has no voice (common on Linux), pressing Listen says so and how to get one.
 */
export function Listen({ text, lang, settings }: ListenProps) {
  const env = useSpeechEnv();
  const [state, setState] = useState<SpeechState>('idle');
  const voices = useVoices(lang);
  const speaker = useRef<Speaker | null>(null);

  useEffect(() => {
    if (!env) return;
    speaker.current = new Speaker(env, setState);
    return () => speaker.current?.stop();
  }, [env]);

  if (!env) return null;
  const voice = voices.find((v) => v.voiceURI === settings.voice);

  const toggle = () => {
    const s = speaker.current;
    if (!s) return;
    if (state === 'playing') s.pause();
    else if (state === 'paused') s.resume();
    else s.play(text, { lang, voice, rate: settings.rate });
  };
  const label =
    state === 'playing' ? 'readerPause' : state === 'paused' ? 'readerResume' : 'readerListen';
  const speaking = state === 'playing' || state === 'paused';

  return (
    <>
      <button
        type="button"
        class="bs-bar-button"
        title={t(label)}
        onClick={toggle}
        aria-pressed={state === 'playing' ? 'true' : 'false'}
      >
        <span class="bs-icon" aria-hidden="true">
          {state === 'playing' ? '❚❚' : '▶'}
        </span>
        <span class="bs-bar-text">{t(label)}</span>
      </button>
      {speaking && (
        <button
          type="button"
          class="bs-bar-button"
          title={t('readerStop')}
          onClick={() => speaker.current?.stop()}
        >
          <span class="bs-icon" aria-hidden="true">
            ■
          </span>
          <span class="bs-bar-text">{t('readerStop')}</span>
        </button>
      )}
      {state === 'no-voice' && (
        <p class="bs-notice" role="status">
          {t('readerNoVoice')}
        </p>
      )}
    </>
  );
}

/** Speed and voice, for the settings popover. Nothing when speech synthesis is absent. */
export function ListenSettings({ lang, settings, onChange }: Omit<ListenProps, 'text'>) {
  const env = useSpeechEnv();
  const voices = useVoices(lang);
  if (!env) return null;
  const voice = voices.find((v) => v.voiceURI === settings.voice);
  return (
    <>
      <label class="bs-group bs-row">
        <span class="bs-row-label">{t('readerSpeed')}</span>
        <select
          value={String(settings.rate)}
          onChange={(e) =>
            onChange({ ...settings, rate: Number((e.currentTarget as HTMLSelectElement).value) })
          }
        >
          {[...new Set([...RATES, settings.rate])]
            .sort((a, b) => a - b)
            .map((rate) => (
              <option key={rate} value={String(rate)}>
                {`${rate}×`}
              </option>
            ))}
        </select>
      </label>
      {voices.length > 1 && (
        <label class="bs-group bs-row">
          <span class="bs-row-label">{t('readerVoice')}</span>
          <select
            value={voice?.voiceURI ?? ''}
            onChange={(e) =>
              onChange({ ...settings, voice: (e.currentTarget as HTMLSelectElement).value })
            }
          >
            <option value="">{t('readerVoiceDefault')}</option>
            {voices.map((v) => (
              <option key={v.voiceURI} value={v.voiceURI}>
                {`${v.name} (${v.lang})`}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
