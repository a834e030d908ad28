// The tray icon with the status's presence dot in its lower right corner, drawn into the icon's raw
// pixels. Pure, so it is tested in Node; tray.ts makes the image.
import type { TrayStatus } from './trayMenu.js';

/** The dots' colours (red, green, blue): the light theme's presence colours, which stand out on light and dark panels alike. */
export const TRAY_DOT_COLOURS: Readonly<Record<Exclude<TrayStatus['tone'], 'signingIn'>, readonly [number, number, number]>> = {
  available: [0x1b, 0x7a, 0x43],
  busy: [0xc9, 0x2a, 0x2a],
  dnd: [0xa6, 0x1e, 0x1e],
  away: [0xa3, 0x52, 0x00],
  offline: [0x6b, 0x72, 0x80],
};

const WHITE = [0xff, 0xff, 0xff] as const;

/**
 * A copy of `bitmap` (width × height pixels, 4 bytes each in BGRA order, as nativeImage.toBitmap gives them)
 * with a dot of the tone's colour in the lower right corner, ringed in white so it stands out on the icon;
 * do not disturb has a white bar across, as on screen, so it differs from busy by more than colour. While
 * signing in the icon stays as it is.
 */
export function withStatusDot(bitmap: Uint8Array, width: number, height: number, tone: TrayStatus['tone']): Uint8Array {
  const drawn = Uint8Array.from(bitmap);
  if (tone === 'signingIn') return drawn;
  const radius = Math.min(width, height) * 0.3;
  const [cx, cy] = [width - radius, height - radius];
  const paint = (x: number, y: number, [r, g, b]: readonly [number, number, number]) => drawn.set([b, g, r, 0xff], (y * width + x) * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [dx, dy] = [x + 0.5 - cx, y + 0.5 - cy];
      const distance = Math.hypot(dx, dy);
      if (distance > radius) continue;
      const bar = tone === 'dnd' && Math.abs(dy) <= radius * 0.2 && Math.abs(dx) <= radius * 0.6;
      paint(x, y, distance > radius - 1 || bar ? WHITE : TRAY_DOT_COLOURS[tone]);
    }
  }
  return drawn;
}
