/**
 * Checksums providers publish for their token formats. A token that passes was
 * issued in that format ("verified format" — not a live check); one that fails
 * was typed, truncated or made up, and is dropped. Every real GitHub token since
 * 2021 and every granular npm token carries one, so dropping costs no recall.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of an ASCII string. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` in base 62, left-padded with `0` to `width`. */
export function base62(n: number, width: number): string {
  let out = "";
  do {
    out = BASE62[n % 62]! + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, "0");
}

/**
 * GitHub's `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` tokens and npm's `npm_` tokens:
 * 30 random characters, then the CRC-32 of those 30 in 6 base-62 digits
 * (github.blog, "Behind GitHub's new authentication token formats", 2021).
 *
 * @example
 * hasCrc32Suffix("ghp_" + body30 + base62(crc32(body30), 6)) // true
 */
export function hasCrc32Suffix(token: string): boolean {
  const body = token.slice(token.indexOf("_") + 1);
  if (body.length !== 36) return false;
  return base62(crc32(body.slice(0, 30)), 6) === body.slice(30);
}

/** Read one unsigned LEB128 varint; undefined past the end. */
function varint(bytes: Uint8Array, at: { offset: number }): number | undefined {
  let value = 0;
  let shift = 0;
  while (at.offset < bytes.length && shift < 35) {
    const byte = bytes[at.offset++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return value;
    shift += 7;
  }
  return undefined;
}

/**
 * A PyPI API token is `pypi-` + a base64url macaroon (libmacaroons v2 binary
 * format): version byte 2, a location field naming pypi.org, an identifier, and a
 * 32-byte signature at the end. A token that does not parse is not one.
 */
export function isPypiMacaroon(token: string): boolean {
  if (!token.startsWith("pypi-")) return false;
  const bytes = Buffer.from(token.slice(5), "base64url");
  if (bytes.length < 60 || bytes[0] !== 2) return false;
  const at = { offset: 1 };
  const fields = new Map<number, Buffer>();
  let signature: Buffer | undefined;
  let sections = 0;
  while (at.offset < bytes.length) {
    const type = varint(bytes, at);
    if (type === undefined) return false;
    if (type === 0) {
      // End of a section (the header, or one caveat); the signature follows the last one.
      sections++;
      continue;
    }
    const length = varint(bytes, at);
    if (length === undefined || at.offset + length > bytes.length) return false;
    const data = bytes.subarray(at.offset, at.offset + length);
    at.offset += length;
    if (type === 6) signature = data;
    else if (!fields.has(type)) fields.set(type, data);
  }
  const location = fields.get(1)?.toString("latin1") ?? "";
  return /^(?:test\.)?pypi\.org$/.test(location) && (fields.get(2)?.length ?? 0) > 0 && sections >= 1 && signature?.length === 32;
}
