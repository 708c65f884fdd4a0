// The page carries its data in non-executable <script> elements: gzip as seven-bit text
// (seven-bit-text.js; data-bytes says how many bytes), inflated with the browser's own
// DecompressionStream (no network, no library).
import { decodeTaskSeries } from './series.js';
import { decodeSevenBitText } from './seven-bit-text.js';
import { decodeTimeline } from './timeline-data.js';

async function inflate(element) {
  const bytes = decodeSevenBitText(element.textContent, Number(element.dataset.bytes));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function readDocument() {
  const bytes = await inflate(document.getElementById('perfwhiz-document'));
  return JSON.parse(new TextDecoder().decode(bytes));
}

// A task's series, decoded on demand: {timesMs, durationsUs, values} as typed arrays, and where it
// ran (coreSpans).
export async function readTaskSeries(taskIndex) {
  const element = document.querySelectorAll('script.perfwhiz-series')[taskIndex];
  return decodeTaskSeries(await inflate(element));
}

// The whole-host timeline's intervals, per CPU (see timeline-data.js); none when the page has no block.
export async function readTimeline() {
  const block = document.getElementById('perfwhiz-timeline');
  return block ? decodeTimeline(await inflate(block)) : [];
}
