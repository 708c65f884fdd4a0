// Colours that mean the same thing on every chart and every run.

// KVM exit reasons have hues of their own: yellows and olives, teals and cyans, purples and plums,
// at least 20° from the hues that mean CPU (blue), context switches (orange) and a verdict (red,
// green), and none of the heat maps' event colours, so that a colour is never read as one of those.
// The common reasons, VMX and SVM spellings alike, normalised to letters and digits:
export const COMMON_EXIT_COLORS = new Map([
  ['HLT', '#76b7b2'],
  ['EPTVIOLATION', '#9467bd'], ['NPF', '#9467bd'],
  ['EXTERNALINTERRUPT', '#bcbd22'], ['INTERRUPT', '#bcbd22'], ['INTR', '#bcbd22'],
  ['MSRWRITE', '#b07aa1'], ['MSR', '#b07aa1'],
  ['APICACCESS', '#17becf'],
  ['APICWRITE', '#637939'],
  ['CRACCESS', '#7b4173'],
  ['IOINSTRUCTION', '#ce6dbd'], ['IO', '#ce6dbd'],
  ['MSRREAD', '#c5b0d5'],
  ['PREEMPTIONTIMER', '#9edae5'],
  ['EPTMISCONFIG', '#dbdb8d'],
  ['PAUSEINSTRUCTION', '#cedb9c'], ['PAUSE', '#cedb9c'],
]);

// Other reasons: a colour of the same hues from the name itself, so it is stable too.
export const OTHER_EXIT_COLORS = ['#a55194', '#de9ed6', '#b5cf6b', '#8ca252', '#e377c2', '#8e7cc3', '#4a9a9a', '#6d6d2e', '#c49bbb', '#a6d4cf'];

export function exitReasonColor(name) {
  const key = String(name).toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (COMMON_EXIT_COLORS.has(key)) return COMMON_EXIT_COLORS.get(key);
  let hash = 0;
  for (const c of key) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return OTHER_EXIT_COLORS[hash % OTHER_EXIT_COLORS.length];
}

// Colours no exit reason uses: the legend of the heat maps names each colour once.
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
