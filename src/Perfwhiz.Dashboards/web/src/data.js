// The page carries its data in non-executable <script> elements: base64 of gzip, inflated with
// the browser's own DecompressionStream (no network, no library).
import { decodeTaskSeries } from './series.js';
import { decodeTimeline } from './timeline-data.js';

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
