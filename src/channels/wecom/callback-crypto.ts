/**
 * The WeCom callback envelope: signature, freshness, AES decryption and the receive-id check.
 * @wecom/crypto does the AES work but neither compares signatures nor validates what it decrypts, so this module does.
 */
import { timingSafeEqual } from 'node:crypto';
import { decrypt, encrypt, getSignature } from '@wecom/crypto';

/** Why a callback was refused; the route maps each to an HTTP status. */
export type EnvelopeProblem = 'bad_signature' | 'stale_timestamp' | 'undecryptable' | 'wrong_receiver' | 'too_large';

export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  constructor(readonly problem: EnvelopeProblem) {
    super(`wecom callback refused: ${problem}`);
  }
}

export interface SignedParams {
  msgSignature: string;
  timestamp: string;
  nonce: string;
}

/** Constant-time check of `msg_signature = sha1(sort(token, timestamp, nonce, ciphertext))`. */
export function hasValidSignature(token: string, params: SignedParams, ciphertext: string): boolean {
  const expected = Buffer.from(getSignature(token, params.timestamp, params.nonce, ciphertext), 'utf8');
  const given = Buffer.from(params.msgSignature.toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A signed request is only accepted within `windowSeconds` of now, so a captured request cannot be replayed later.
 * WeCom retries within seconds (document 90238: three tries, five-second timeout), far inside the window.
 */
export function isFresh(timestamp: string, nowMs: number, windowSeconds: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(nowMs / 1000 - Number(timestamp)) <= windowSeconds;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface OpenEnvelopeOptions {
  token: string;
  encodingAesKey: string;
  /** The CorpID: the receive id every genuine callback of a self-built app carries. */
  receiveId: string;
  params: SignedParams;
  ciphertext: string;
  nowMs: number;
  replayWindowSeconds: number;
  /** Largest accepted plaintext, in bytes. */
  maxPlaintextBytes: number;
}

/** Verifies and decrypts one callback payload; returns the plaintext or throws EnvelopeError. */
export function openEnvelope(options: OpenEnvelopeOptions): string {
  const { ciphertext, params } = options;
  if (!hasValidSignature(options.token, params, ciphertext)) throw new EnvelopeError('bad_signature');
  if (!isFresh(params.timestamp, options.nowMs, options.replayWindowSeconds)) throw new EnvelopeError('stale_timestamp');
  // Base64 of 4/3 the plaintext plus 16 random bytes, 4 length bytes and up to 32 padding bytes.
  if (ciphertext.length > Math.ceil(((options.maxPlaintextBytes + 52 + 64) * 4) / 3)) throw new EnvelopeError('too_large');
  if (!BASE64.test(ciphertext)) throw new EnvelopeError('undecryptable');
  const raw = Buffer.from(ciphertext, 'base64');
  // AES-256-CBC blocks, padded (PKCS#7) to a multiple of 32, and at least random(16) + length(4).
  if (raw.length < 32 || raw.length % 32 !== 0) throw new EnvelopeError('undecryptable');
  let opened: { message: string; id: string };
  try {
    opened = decrypt(options.encodingAesKey, ciphertext);
  } catch {
    throw new EnvelopeError('undecryptable');
  }
  // decrypt() reads the length field unchecked: an overlong length yields an empty id, caught here as well.
  if (opened.id !== options.receiveId) throw new EnvelopeError('wrong_receiver');
  if (Buffer.byteLength(opened.message, 'utf8') > options.maxPlaintextBytes) throw new EnvelopeError('too_large');
  return opened.message;
}

/** Encrypts and signs a payload the way WeCom does; used by tests and by any future passive reply. */
export function sealEnvelope(
  options: { token: string; encodingAesKey: string; receiveId: string },
  message: string,
  timestamp: string,
  nonce: string,
): { ciphertext: string; msgSignature: string } {
  const ciphertext = encrypt(options.encodingAesKey, message, options.receiveId);
  return { ciphertext, msgSignature: getSignature(options.token, timestamp, nonce, ciphertext) };
}
