// The ring card's pulse: a ring that grows and fades behind the caller's avatar in 0.7 s, every 2 s. Each
// pulse is an animation of its own, started by a timer, and between two pulses none runs: an endless CSS
// animation keeps the window's compositor and the GPU process drawing every frame for the whole ring, its
// resting part included, which was most of what a ringing call cost. Only transform and opacity change,
// which the compositor animates without painting the window again. Reduced motion stops it.
import { afterNextFrame } from '../media/afterNextFrame';

const KEYFRAMES: Keyframe[] = [
  { transform: 'scale(1)', opacity: 1 },
  { transform: 'scale(1.36)', opacity: 0 },
];
const PULSE_MS = 700;
const EVERY_MS = 2_000;

/**
 * Svelte action: pulses the element's ::before while `on`, from the frame after the one that first shows
 * it. Animating a pseudo-element has the browser compute the styles of the whole window there and then:
 * started as the card was created, that took a fifth of the time from a ring's snapshot to its card in the
 * window, before the card's first frame could be drawn.
 */
export function pulse(element: HTMLElement, on: boolean): { update(on: boolean): void; destroy(): void } {
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');
  let shown = false;
  let destroyed = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Animation | undefined;
  const beat = () => {
    if (reducedMotion.matches) return;
    running = element.animate(KEYFRAMES, { duration: PULSE_MS, easing: 'ease-out', pseudoElement: '::before' });
  };
  const stop = () => {
    clearInterval(timer);
    timer = undefined;
    running?.cancel();
  };
  const follow = () => {
    stop();
    if (!shown || !on || reducedMotion.matches) return;
    beat();
    timer = setInterval(beat, EVERY_MS);
  };
  reducedMotion.addEventListener('change', follow);
  afterNextFrame(() => {
    if (destroyed) return;
    shown = true;
    follow();
  });
  return {
    update(next) {
      if (next === on) return;
      on = next;
      follow();
    },
    destroy() {
      destroyed = true;
      reducedMotion.removeEventListener('change', follow);
      stop();
    },
  };
}
