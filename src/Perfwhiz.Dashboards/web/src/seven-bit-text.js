// The page's data blocks as SevenBitText.cs writes them: 7-bit groups, one per ASCII character,
// except NUL, CR and '<', which share a character U+0080 + their place × 128 + the next group.
const ESCAPED = [0x00, 0x0d, 0x3c];

export function decodeSevenBitText(text, byteCount) {
  const bytes = new Uint8Array(byteCount);
  let buffer = 0, bits = 0, length = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // An escaped group and its partner are 14 bits in one go; a plain group, 7.
    if (c < 0x80) {
      buffer = (buffer << 7) | c;
      bits += 7;
    } else {
      buffer = (buffer << 14) | (ESCAPED[(c - 0x80) >> 7] << 7) | (c & 0x7f);
      bits += 14;
    }
    while (bits >= 8) {
      bits -= 8;
      if (length < byteCount) bytes[length++] = (buffer >> bits) & 0xff;
    }
    buffer &= (1 << bits) - 1;
  }
  if (length !== byteCount) throw new Error(`a data block holds ${length} bytes where ${byteCount} were announced`);
  return bytes;
}
