// A task's binary heat map block (written by HeatMapEncoding.cs), decoded: pure, so that node's
// test runner checks it without a browser.

// Order of the series in a task's binary block (HeatMapEncoding.cs writes the same order); the
// core spans are derived from the switches and the spans still running at the window's end.
const ENCODED_SERIES = ['switches', 'sleeps', 'ioWaits', 'kvmExits', 'kvmEntries', 'wakeupLatencies', 'stillRunning'];

export class VarintReader {
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
export function decodeTaskSeries(bytes) {
  const reader = new VarintReader(bytes);
  const counts = ENCODED_SERIES.map(() => reader.unsigned());
  const series = {};
  ENCODED_SERIES.forEach((name, s) => {
    const timesMs = new Float64Array(counts[s]);
    let timeUs = 0;
    for (let i = 0; i < counts[s]; i++) { timeUs += reader.signed(); timesMs[i] = timeUs / 1000; }
    series[name] = { timesMs, durationsUs: new Float64Array(counts[s]), values: new Int32Array(counts[s]) };
  });
  ENCODED_SERIES.forEach((name, s) => {
    const durations = series[name].durationsUs;
    for (let i = 0; i < counts[s]; i++) durations[i] = reader.unsigned() / 10;
  });
  ENCODED_SERIES.forEach((name, s) => {
    const values = series[name].values;
    for (let i = 0; i < counts[s]; i++) values[i] = reader.signed();
  });
  series.coreSpans = coreSpansOf(series.switches, series.stillRunning);
  return series;
}

// Where the task ran: each switch's run time, ending at the switch, on the core it left, then
// from its last switch in on a core to the window's end where no switch ended it (in the order of
// their ends: those end last).
function coreSpansOf(switches, stillRunning) {
  const ran = switches.timesMs.length;
  const count = ran + stillRunning.timesMs.length;
  const timesMs = new Float64Array(count);
  const endsMs = new Float64Array(count);
  const durationsUs = new Float64Array(count);
  const values = new Int32Array(count);
  for (let i = 0; i < ran; i++) {
    timesMs[i] = switches.timesMs[i] - switches.durationsUs[i] / 1000;
    endsMs[i] = switches.timesMs[i];
  }
  durationsUs.set(switches.durationsUs);
  values.set(switches.values);
  for (let i = 0; i < stillRunning.timesMs.length; i++) {
    timesMs[ran + i] = stillRunning.timesMs[i];
    endsMs[ran + i] = stillRunning.timesMs[i] + stillRunning.durationsUs[i] / 1000;
  }
  durationsUs.set(stillRunning.durationsUs, ran);
  values.set(stillRunning.values, ran);
  return { timesMs, endsMs, durationsUs, values };
}
