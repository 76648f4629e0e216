/** Reading aloud with the browser's speech synthesis, in short chunks (long ones get cut). */

export type SpeechState = 'idle' | 'playing' | 'paused' | 'no-voice';

/** How long speech may take to start before we say that no voice answered. */
export const START_TIMEOUT_MS = 2500;

export interface SpeechEnv {
  synth: SpeechSynthesis;
  Utterance: typeof SpeechSynthesisUtterance;
}

/** The window's speech synthesis, or null where there is none. */
export function speechEnv(win: Window | undefined): SpeechEnv | null {
  const w = win as (Window & typeof globalThis) | undefined;
  if (!w?.speechSynthesis || typeof w.SpeechSynthesisUtterance !== 'function') return null;
  return { synth: w.speechSynthesis, Utterance: w.SpeechSynthesisUtterance };
}

/** Voices of the article's language (same primary subtag), or every voice when none match. */
export function voicesFor(voices: SpeechSynthesisVoice[], lang?: string): SpeechSynthesisVoice[] {
  const primary = (lang || '').toLowerCase().split(/[-_]/)[0];
  if (!primary) return voices;
  const matching = voices.filter((v) => v.lang.toLowerCase().split(/[-_]/)[0] === primary);
  return matching.length ? matching : voices;
}

/** Sentences grouped into chunks of at most `max` characters, paragraph breaks kept. */
export function speechChunks(text: string, max = 220): string[] {
  const chunks: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    const sentences = paragraph.match(/[^.!?。！？]+[.!?。！？]*[\s"»”’)]*|.+/gu) ?? [];
    let current = '';
    for (const sentence of sentences) {
      if (current && current.length + sentence.length > max) {
        chunks.push(current.trim());
        current = '';
      }
      current += sentence;
      while (current.length > max * 2) {
        const cut = current.lastIndexOf(' ', max) > 0 ? current.lastIndexOf(' ', max) : max;
        chunks.push(current.slice(0, cut).trim());
        current = current.slice(cut);
      }
    }
    if (current.trim()) chunks.push(current.trim());
  }
  return chunks.filter(Boolean);
}

/** Plays chunks one after the other; pause, resume and stop act on the whole queue. */
export class Speaker {
  state: SpeechState = 'idle';
  private generation = 0;

  constructor(
    private readonly env: SpeechEnv,
    private readonly onState: (state: SpeechState) => void,
  ) {}

  play(text: string, opts: { lang?: string; voice?: SpeechSynthesisVoice; rate: number }): void {
    this.env.synth.cancel();
    const generation = ++this.generation;
    // Without a voice (common on Linux), speak() queues and stays silent: say so instead.
    if (!(this.env.synth.getVoices?.() ?? []).length) {
      this.set('no-voice');
      return;
    }
    const chunks = speechChunks(text);
    let started = false;
    chunks.forEach((chunk, i) => {
      const u = new this.env.Utterance(chunk);
      if (opts.lang) u.lang = opts.lang;
      if (opts.voice) u.voice = opts.voice;
      u.rate = opts.rate;
      if (i === 0) {
        u.onstart = () => {
          started = true;
        };
        u.onerror = (e) => {
          const error = (e as SpeechSynthesisErrorEvent).error;
          if (generation !== this.generation || error === 'interrupted' || error === 'canceled')
            return;
          if (!started) this.fail();
        };
      }
      if (i === chunks.length - 1) {
        u.onend = () => {
          if (generation === this.generation) this.set('idle');
        };
      }
      this.env.synth.speak(u);
    });
    this.set(chunks.length ? 'playing' : 'idle');
    if (!chunks.length) return;
    setTimeout(() => {
      if (generation === this.generation && !started && !this.env.synth.speaking) this.fail();
    }, START_TIMEOUT_MS);
  }

  /** Speech never started: nothing is queued any more, and the reader says why. */
  private fail(): void {
    this.generation++;
    this.env.synth.cancel();
    this.set('no-voice');
  }

  pause(): void {
    this.env.synth.pause();
    this.set('paused');
  }

  resume(): void {
    this.env.synth.resume();
    this.set('playing');
  }

  stop(): void {
    this.generation++;
    this.env.synth.cancel();
    this.set('idle');
  }

  private set(state: SpeechState): void {
    this.state = state;
    this.onState(state);
  }
}
