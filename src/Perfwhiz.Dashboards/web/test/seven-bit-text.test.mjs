// The data blocks' text as SevenBitText.cs writes it, worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSevenBitText } from '../src/seven-bit-text.js';

test('7-bit groups are ASCII characters; the last one is padded with zero bits', () => {
  // 0x41 0x42 = 0100000 1010000 10(00000): 'A' >> 1, then the rest.
  assert.deepEqual([...decodeSevenBitText('\x20\x50\x40', 2)], [0x41, 0x42]);
});

test('NUL, CR and < share a character with the next group', () => {
  // 0x00 0xff = 0000000 (NUL: place 0) 0111111, then 11(00000) = 96.
  assert.deepEqual([...decodeSevenBitText('\u00bf`', 2)], [0x00, 0xff]);
  // 0x78 = 0111100 ('<': place 2), then a padding group of 0 in the same character.
  assert.deepEqual([...decodeSevenBitText('\u0180', 1)], [0x78]);
  // 0x1a = 0001101 (CR: place 1) 0(000000).
  assert.deepEqual([...decodeSevenBitText('\u0100', 1)], [0x1a]);
});

test('a block shorter than its byte count is refused', () => {
  assert.throws(() => decodeSevenBitText('\x20', 2), /holds 0 bytes where 2 were announced/);
});
