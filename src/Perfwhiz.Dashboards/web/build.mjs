// Bundles the dashboards' app into one script: node build.mjs <output file>.
// Called by Perfwhiz.Reports.csproj at build time; the output is embedded into the assembly.
import { build } from 'esbuild';

const outfile = process.argv[2];
if (!outfile) {
  console.error('usage: node build.mjs <output file>');
  process.exit(2);
}
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2022',
  legalComments: 'none',
  // The bundle is inlined in a <script> element: "</script" inside it would end the element.
  supported: { 'inline-script': false },
  outfile,
  logLevel: 'warning',
});
