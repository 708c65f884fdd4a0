// The page carries its data in non-executable <script> elements: base64 of gzip, inflated with
// the browser's own DecompressionStream (no network, no library).

async function inflate(element) {
  const binary = atob(element.textContent.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function readDocument() {
  const bytes = await inflate(document.getElementById('perfwhiz-document'));
  return JSON.parse(new TextDecoder().decode(bytes));
}

// Order of the series in a task's binary block (HeatMapEncoding.cs writes the same order).
export const SERIES = ['switches', 'sleeps', 'ioWaits', 'kvmExits', 'kvmEntries', 'coreSpans', 'wakeupLatencies'];

class VarintReader {
  constructor(bytes) { this.bytes = bytes; this.at = 0; }
  unsigned() {
    let value = 0, scale = 1, byte;
    do {
      byte = this.bytes[this.at++];
      value += (byte & 0x7f) * scale;
      scale *= 128;
    } while (byte & 0x80);
    return value;
  }
  signed() {
    const zigzag = this.unsigned();
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }
}

// A task's series, decoded on demand: {timesMs, durationsUs, values} as typed arrays.
// Times are µs deltas, durations tenths of µs, values zigzag integers (see HeatMapEncoding.cs).
export async function readTaskSeries(taskIndex) {
  const element = document.querySelectorAll('script.perfwhiz-series')[taskIndex];
  const reader = new VarintReader(await inflate(element));
  const counts = SERIES.map(() => reader.unsigned());
  const series = {};
  SERIES.forEach((name, s) => {
    const timesMs = new Float64Array(counts[s]);
    let timeUs = 0;
    for (let i = 0; i < counts[s]; i++) { timeUs += reader.signed(); timesMs[i] = timeUs / 1000; }
    series[name] = { timesMs, durationsUs: new Float64Array(counts[s]), values: new Int32Array(counts[s]) };
  });
  SERIES.forEach((name, s) => {
    const durations = series[name].durationsUs;
    for (let i = 0; i < counts[s]; i++) durations[i] = reader.unsigned() / 10;
  });
  SERIES.forEach((name, s) => {
    const values = series[name].values;
    for (let i = 0; i < counts[s]; i++) values[i] = reader.signed();
  });
  return series;
}
