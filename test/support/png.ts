/**
 * What a test can say about an uploaded picture without trusting our renderer: the PNG signature, the size from the
 * IHDR chunk (which the PNG specification puts first), and that the whole file decodes (pngjs checks every CRC).
 */
import { PNG } from 'pngjs';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface PngFacts {
  width: number;
  height: number;
}

/** Throws unless `data` is a complete, valid PNG; returns its IHDR size. */
export function readPng(data: Uint8Array): PngFacts {
  const bytes = Buffer.from(data);
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: wrong signature');
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') throw new Error('not a PNG: IHDR is not the first chunk');
  const facts = { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  const decoded = PNG.sync.read(bytes);
  if (decoded.width !== facts.width || decoded.height !== facts.height) throw new Error('PNG: IHDR and pixels disagree');
  return facts;
}
