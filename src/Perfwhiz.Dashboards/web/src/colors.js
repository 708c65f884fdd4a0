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

export const CPU_COLOR = '#4e79a7';
export const SWITCH_COLOR = '#f28e2b';
export const RUN_COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f'];
