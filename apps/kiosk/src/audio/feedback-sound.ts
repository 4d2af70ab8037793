export type Tone = "ok" | "refused" | "error";

let context: AudioContext | null = null;

/** Notes per tone: a rising chirp for a stamp, a low double buzz for anything else. */
const NOTES: Readonly<Record<Tone, ReadonlyArray<{ hz: number; at: number; ms: number }>>> = {
  ok: [
    { hz: 1320, at: 0, ms: 70 },
    { hz: 1760, at: 80, ms: 110 },
  ],
  refused: [
    { hz: 440, at: 0, ms: 130 },
    { hz: 440, at: 170, ms: 130 },
  ],
  error: [
    { hz: 220, at: 0, ms: 220 },
    { hz: 196, at: 240, ms: 260 },
  ],
};

/**
 * Beeps with WebAudio, no sound files to load. Browsers only start audio after a user gesture;
 * a scanner's keystrokes count as one, and so does any tap, so the context starts on first use.
 */
export function playTone(tone: Tone): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  context ??= new Context();
  const audio = context;
  if (audio.state === "suspended") void audio.resume().catch(() => {});
  const start = audio.currentTime + 0.01;
  for (const note of NOTES[tone]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = tone === "ok" ? "sine" : "square";
    oscillator.frequency.value = note.hz;
    const begin = start + note.at / 1000;
    const end = begin + note.ms / 1000;
    gain.gain.setValueAtTime(0.0001, begin);
    gain.gain.exponentialRampToValueAtTime(tone === "ok" ? 0.3 : 0.12, begin + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, end);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(begin);
    oscillator.stop(end + 0.02);
  }
}
