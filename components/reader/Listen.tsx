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

/** Listen controls: play/pause, stop, speed and voice. Nothing when speech synthesis is absent. */
export function Listen({ text, lang, settings, onChange }: ListenProps) {
  const env = useMemo(() => speechEnv(typeof window === 'undefined' ? undefined : window), []);
  const [state, setState] = useState<SpeechState>('idle');
  const [voices, setVoices] = useState<SpeechSynthesisVoice[]>([]);
  const speaker = useRef<Speaker | null>(null);

  useEffect(() => {
    if (!env) return;
    speaker.current = new Speaker(env, setState);
    const load = () => setVoices(voicesFor(env.synth.getVoices?.() ?? [], lang));
    load();
    env.synth.addEventListener?.('voiceschanged', load);
    return () => {
      env.synth.removeEventListener?.('voiceschanged', load);
      speaker.current?.stop();
    };
  }, [env, lang]);

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

  return (
    <span class="bs-group">
      <button type="button" onClick={toggle} aria-pressed={state === 'playing' ? 'true' : 'false'}>
        {t(label)}
      </button>
      {state !== 'idle' && (
        <button type="button" onClick={() => speaker.current?.stop()}>
          {t('readerStop')}
        </button>
      )}
      <label class="bs-group">
        <span class="bs-visually-hidden">{t('readerSpeed')}</span>
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
        <label class="bs-group">
          <span class="bs-visually-hidden">{t('readerVoice')}</span>
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
    </span>
  );
}
