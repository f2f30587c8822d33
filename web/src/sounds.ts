/**
 * Move sounds, made on the spot with the Web Audio API (no audio files): a short knock for a
 * move, a lower double knock for a capture, a brighter one for check. Nothing plays while muted.
 * Every sound played is counted in `data-move-sounds` on `<html>`, so the page can be checked
 * without listening.
 */
export type MoveSound = 'move' | 'capture' | 'check';

const TONES: Record<MoveSound, { hz: number; repeat: number }> = {
  move: { hz: 520, repeat: 1 },
  capture: { hz: 330, repeat: 2 },
  check: { hz: 780, repeat: 1 },
};

export class Sounds {
  private audio: AudioContext | undefined;

  constructor(
    private readonly enabled: () => boolean,
    private readonly root: HTMLElement = document.documentElement,
  ) {}

  play(kind: MoveSound): void {
    if (!this.enabled()) return;
    this.root.dataset.moveSounds = String(Number(this.root.dataset.moveSounds ?? 0) + 1);
    this.root.dataset.lastSound = kind;
    try {
      this.audio ??= new AudioContext();
      // A page not yet touched may keep audio suspended: then the sound is lost, silently.
      if (this.audio.state === 'suspended') void this.audio.resume().catch(() => undefined);
      const { hz, repeat } = TONES[kind];
      for (let i = 0; i < repeat; i++) this.knock(this.audio, hz, this.audio.currentTime + i * 0.09);
    } catch {
      // No audio on this device: moves stay silent.
    }
  }

  private knock(audio: AudioContext, hz: number, at: number): void {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = 'triangle';
    osc.frequency.setValueAtTime(hz, at);
    osc.frequency.exponentialRampToValueAtTime(hz * 0.6, at + 0.08);
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.005);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.09);
    osc.connect(gain).connect(audio.destination);
    osc.start(at);
    osc.stop(at + 0.1);
  }
}

/** The sound of a move from its SAN: check first (`+`, `#`), then capture (`x`). */
export function soundOf(san: string): MoveSound {
  if (/[+#]$/.test(san)) return 'check';
  return san.includes('x') ? 'capture' : 'move';
}
