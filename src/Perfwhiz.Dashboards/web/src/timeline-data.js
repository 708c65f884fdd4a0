// The whole-host timeline's binary block (written by TimelineEncoding.cs), decoded: pure, so that
// node's test runner checks it without a browser.
import { VarintReader } from './series.js';

// Reads `count` move-to-front coded symbols (0 and the symbol when new, else its place + 1).
function moveToFront(reader, count, offset, into) {
  const recent = [];
  for (let i = 0; i < count; i++) {
    const code = reader.unsigned();
    let symbol;
    if (code === 0) {
      symbol = reader.unsigned();
      recent.unshift(symbol);
    } else {
      symbol = recent[code - 1];
      for (let j = code - 1; j > 0; j--) recent[j] = recent[j - 1];
      recent[0] = symbol;
    }
    into[i] = symbol - offset;
  }
}

// Per CPU, in time order: {cpu, startsMs, endsMs, durationsUs, threads, wakers, waitsUs} as typed
// arrays; a waker is a thread index or -1, a wait in µs or -1 when none was measured.
export function decodeTimeline(bytes) {
  const reader = new VarintReader(bytes);
  const cpuCount = reader.unsigned();
  const heads = Array.from({ length: cpuCount }, () => ({ cpu: reader.unsigned(), count: reader.unsigned() }));
  return heads.map(({ cpu, count }) => {
    const row = {
      cpu,
      startsMs: new Float64Array(count),
      endsMs: new Float64Array(count),
      durationsUs: new Float64Array(count),
      threads: new Int32Array(count),
      wakers: new Int32Array(count),
      waitsUs: new Float64Array(count),
    };
    const gaps = new Float64Array(count);
    for (let i = 0; i < count; i++) gaps[i] = reader.signed();
    let endUs = 0;
    for (let i = 0; i < count; i++) {
      const startUs = endUs + gaps[i];
      const durationUs = reader.unsigned();
      endUs = startUs + durationUs;
      row.startsMs[i] = startUs / 1000;
      row.endsMs[i] = endUs / 1000;
      row.durationsUs[i] = durationUs;
    }
    moveToFront(reader, count, 0, row.threads);
    moveToFront(reader, count, 1, row.wakers);
    for (let i = 0; i < count; i++) row.waitsUs[i] = reader.unsigned() - 1;
    return row;
  });
}
