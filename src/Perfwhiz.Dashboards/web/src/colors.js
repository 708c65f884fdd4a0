// Colours that mean the same thing on every chart and every run.

// The common KVM exit reasons, VMX and SVM spellings alike, normalised to letters and digits.
const COMMON_EXIT_COLORS = new Map([
  ['HLT', '#4e79a7'],
  ['EPTVIOLATION', '#e15759'], ['NPF', '#e15759'],
  ['EXTERNALINTERRUPT', '#59a14f'], ['INTERRUPT', '#59a14f'], ['INTR', '#59a14f'],
  ['MSRWRITE', '#f28e2b'], ['MSR', '#f28e2b'],
  ['APICACCESS', '#b07aa1'],
  ['APICWRITE', '#76b7b2'],
  ['CRACCESS', '#edc948'],
  ['IOINSTRUCTION', '#9c755f'], ['IO', '#9c755f'],
  ['MSRREAD', '#ff9da7'],
  ['PREEMPTIONTIMER', '#86bcb6'],
  ['EPTMISCONFIG', '#d37295'],
  ['PAUSEINSTRUCTION', '#a0cbe8'], ['PAUSE', '#a0cbe8'],
]);

// Other reasons: a colour from the name itself, so it is stable too.
const OTHER_COLORS = ['#8cd17d', '#b6992d', '#499894', '#fabfd2', '#d4a6c8', '#79706e', '#bab0ac', '#f1ce63', '#ffbe7d', '#d7b5a6', '#9d7660', '#6a9f58'];

export function exitReasonColor(name) {
  const key = String(name).toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (COMMON_EXIT_COLORS.has(key)) return COMMON_EXIT_COLORS.get(key);
  let hash = 0;
  for (const c of key) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return OTHER_COLORS[hash % OTHER_COLORS.length];
}

// Hues no exit reason uses: the legend of the heat maps names each colour once.
export const EVENT_COLORS = {
  switches: '#5b5bd6',
  sleeps: '#1b9e77',
  ioWaits: '#7f3c8d',
  kvmEntries: '#a3a3a3',
  wakeupLatencies: '#e7298a',
};

// CPU usage is blue and context switches orange on every view; with several runs, each run is a
// shade of them (first run the plain colour), so that a colour never means "run 2" on one view and
// "switches" on the next.
export const CPU_COLOR = '#4e79a7';
export const SWITCH_COLOR = '#f28e2b';
const CPU_SHADES = [CPU_COLOR, '#9ec3e6', '#254a73', '#6f9fd1'];
const SWITCH_SHADES = [SWITCH_COLOR, '#ffc48a', '#a85a10', '#f7a95c'];
export const cpuShade = (run) => CPU_SHADES[run % CPU_SHADES.length];
export const switchShade = (run) => SWITCH_SHADES[run % SWITCH_SHADES.length];

// Runs overlaid as lines (wakeup latency): hues that neither the metrics above nor worse (red) and
// better (green) use.
export const RUN_COLORS = ['#6a3d9a', '#00838f', '#8c564b', '#d63384', '#5d5d5d', '#a6a600'];

// What a comparison's verdict means, on every view: never the colour of a run or a metric.
export const VERDICT_COLORS = { worse: '#c62828', better: '#2e7d32', same: '#6b7482', absent: '#9aa1ac' };
