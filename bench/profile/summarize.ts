/**
 * Summarises V8 `.cpuprofile` files (from `bench/all.ts --profile` or `node --cpu-prof`): self time grouped by
 * module (node_modules package, our src folder, node internals, GC, idle), plus the top self-time functions.
 * Prints JSON. Usage: npx tsx bench/profile/summarize.ts <file-or-dir> [...]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which bucket a frame's self time belongs to. */
function moduleOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return '(gc)';
  if (functionName === '(program)') return '(program)';
  if (url === '') return `(native) ${functionName || '?'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const src = /\/work\/main\/((?:src|bench|test)\/[^/]+(?:\/[^/]+)?)\//.exec(url);
  if (src) return src[1]!;
  if (url.startsWith('node:'))
    return url
      .split('/')
      .slice(0, 2)
      .join('/')
      .replace(/^node:internal\//, 'node:')
      .replace(/\/.*$/, '');
  return url;
}

function files(args: string[]): string[] {
  return args.flatMap((arg) =>
    statSync(arg).isDirectory()
      ? readdirSync(arg)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => join(arg, f))
      : [arg],
  );
}

const byModule = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
let idle = 0;
for (const file of files(process.argv.slice(2))) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id)!;
    const dt = profile.timeDeltas[i] ?? 0;
    const mod = moduleOf(node.callFrame);
    if (mod === '(idle)') {
      idle += dt;
      return;
    }
    total += dt;
    byModule.set(mod, (byModule.get(mod) ?? 0) + dt);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
  });
}

const pct = (us: number) => Math.round((us / total) * 1000) / 10;
const top = (map: Map<string, number>, n: number) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, us]) => ({ name, pct: pct(us), ms: Math.round(us / 1000) }));
process.stdout.write(
  `${JSON.stringify({ busyMs: Math.round(total / 1000), idleMs: Math.round(idle / 1000), modules: top(byModule, 30), functions: top(byFunction, 40) }, null, 1)}\n`,
);
