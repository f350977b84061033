/**
 * RGBA pixels → PNG, compressed on libuv's thread pool. resvg's own encoder (`asPng`) compresses on the calling thread
 * and spent more CPU than the rest of the rasterising for a file of about the same size; zlib at level 3 with no
 * row filter suits a card (large flat areas, few colours): figures in docs/benchmarks.md.
 */
import { promisify } from 'node:util';
import { crc32, deflate } from 'node:zlib';

const deflateAsync = promisify(deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COMPRESSION_LEVEL = 3;

/** A PNG of `width` × `height` 8-bit RGBA pixels (non-premultiplied, row after row). */
export async function encodePng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  const stride = width * 4;
  if (pixels.length !== stride * height) throw new RangeError(`encodePng: ${pixels.length} bytes are not ${width}×${height} RGBA`);
  // Each row starts with its filter type; 0 (none) everywhere.
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const data = await deflateAsync(rows, { level: COMPRESSION_LEVEL });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
