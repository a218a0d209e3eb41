/**
 * Draws the tray's status dot as a BGRA bitmap (nativeImage.createFromBitmap's format): a filled,
 * anti-aliased circle on transparency. Drawing it keeps the four colours in code next to their
 * meaning instead of four image files per platform and scale.
 */
export function statusDotBitmap(size: number, [red, green, blue]: readonly [number, number, number]): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  const centre = size / 2;
  const radius = size / 2 - 1;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre);
      // Coverage falls from 1 to 0 across the last pixel of the edge: a smooth rim at any scale.
      const coverage = Math.min(1, Math.max(0, radius - distance + 0.5));
      const alpha = Math.round(coverage * 255);
      const offset = (y * size + x) * 4;
      // Premultiplied, as Skia expects: a half-covered pixel is half as bright.
      pixels[offset] = Math.round((blue * alpha) / 255);
      pixels[offset + 1] = Math.round((green * alpha) / 255);
      pixels[offset + 2] = Math.round((red * alpha) / 255);
      pixels[offset + 3] = alpha;
    }
  }
  return pixels;
}
