/**
 * The card's PNG encoder: what it writes decodes (pngjs checks the signature, every chunk's CRC and the zlib stream)
 * to exactly the pixels it was given, and a buffer of the wrong size is refused instead of drawing garbage.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePng } from '../../src/card/png.js';

describe('card PNG encoding', () => {
  it('round-trips RGBA pixels exactly, size in the IHDR', async () => {
    const width = 37;
    const height = 11;
    const pixels = new Uint8Array(width * height * 4);
    // A gradient with an opaque alpha, and one half-transparent pixel: nothing may be premultiplied or dropped.
    for (let i = 0; i < width * height; i++) pixels.set([i % 256, (i * 7) % 256, 255 - (i % 256), 255], i * 4);
    pixels.set([10, 20, 30, 128], 5 * 4);
    const png = await encodePng(pixels, width, height);
    expect(png.readUInt32BE(16)).toBe(width);
    expect(png.readUInt32BE(20)).toBe(height);
    const decoded = PNG.sync.read(png);
    expect([decoded.width, decoded.height]).toEqual([width, height]);
    expect(Buffer.from(decoded.data).equals(Buffer.from(pixels))).toBe(true);
  });

  it('refuses pixels that are not width × height × 4 bytes', async () => {
    await expect(encodePng(new Uint8Array(10), 2, 2)).rejects.toThrow(RangeError);
  });
});
