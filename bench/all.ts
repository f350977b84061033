/**
 * `npm run bench`: the webhook comparison (ceiling, grammY conversations peer and ours, each at saturation and at a
 * paced, open-loop 500 turns/s) and the 10,000-session memory bench, printed as ONE JSON object so the figures can be tracked from
 * run to run. Progress goes to stderr. Everything listens on 127.0.0.1 and stops by itself.
 *
 *   npm run -s bench                   full run (~2 min: 10 s warm-up + 15 s measured per server)
 *   npm run bench -- --quick           short durations (smoke run; figures are noisier)
 *   npm run bench -- --profile         also writes V8 CPU profiles of our server and the peer (`<dir>/ours`, `<dir>/peer`; path in the JSON)
 *   npm run bench -- --with-others     also runs bench/*.bench.ts with --quick and includes their JSON
 * Env: BENCH_WARM_S, BENCH_MEASURE_S, BENCH_CONNECTIONS, BENCH_USERS, BENCH_LOG_LEVEL (our server's, default warn).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSessionMemory } from './memory/session-memory.js';
import { runWebhookComparison, type FixedRateFigures, type ServerFigures } from './webhook/compare.js';

const flags = new Set(process.argv.slice(2));
const quick = flags.has('--quick');
const num = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** The targets the benchmarks are judged by (README, "Tests and benchmarks"). */
const TARGETS = { vsConversationsPeer: 2, vsCeiling: 0.5, p99Ms: 10, fixedRate: 500 } as const;
const OTHER_BENCHES = ['score', 'store', 'dialog', 'faq', 'reminders'];

const round2 = (n: number) => Math.round(n * 100) / 100;
const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function runOthers(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of OTHER_BENCHES) {
    const file = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
    log(`${name}.bench.ts --quick`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', file, '--quick'], { encoding: 'utf8', timeout: 120_000, env: process.env });
    const lastJson = run.stdout
      ?.trim()
      .split('\n')
      .reverse()
      .find((line) => line.startsWith('{'));
    try {
      out[name] = lastJson ? JSON.parse(lastJson) : { error: `no JSON line (exit ${run.status})` };
    } catch {
      // Multi-line JSON: take the whole output.
      try {
        out[name] = JSON.parse(run.stdout.slice(run.stdout.indexOf('{')));
      } catch {
        out[name] = { error: `output is not JSON (exit ${run.status})` };
      }
    }
  }
  return out;
}

const side = (f: ServerFigures) => ({
  turnsPerSecond: f.turnsPerSecond,
  p50Ms: f.p50Ms,
  p99Ms: f.p99Ms,
  maxMs: f.maxMs,
  non2xx: f.non2xx,
  errors: f.errors + f.timeouts,
  rssMbAfter: f.rssMbAfter,
  loadAverageBefore: f.loadAverageBefore,
  usersFinished: f.usersFinished,
  botApiCallsPerTurn: f.botApiCallsPerTurn,
  webhookRepliesPerTurn: f.webhookRepliesPerTurn,
  repliesPerTurn: f.repliesPerTurn,
});

/** A side at the paced fixed rate: latency from the intended send time (0.01 ms resolution), plus service time and the generator's own lag. */
const pacedSide = (f: FixedRateFigures) => ({
  offeredRate: f.offeredRate,
  achievedRate: f.achievedRate,
  turnsPerSecond: f.turnsPerSecond,
  p50Ms: f.p50Ms,
  p90Ms: f.p90Ms,
  p99Ms: f.p99Ms,
  p999Ms: f.p999Ms,
  maxMs: f.maxMs,
  serviceMs: f.service,
  sendLagMs: f.sendLag,
  requests: f.requests,
  non2xx: f.non2xx,
  errors: f.errors + f.timeouts,
  delayedForReadyUser: f.delayedForReadyUser,
  maxInFlight: f.maxInFlight,
  generatorCpuPercent: f.generatorCpuPercent,
  rssMbAfter: f.rssMbAfter,
  loadAverageBefore: f.loadAverageBefore,
  usersFinished: f.usersFinished,
  botApiCallsPerTurn: f.botApiCallsPerTurn,
  webhookRepliesPerTurn: f.webhookRepliesPerTurn,
  repliesPerTurn: f.repliesPerTurn,
});

async function main(): Promise<void> {
  const profileDir = flags.has('--profile') ? mkdtempSync(join(tmpdir(), 'jifen-bench-profile-')) : undefined;
  const options = {
    warmSeconds: num('BENCH_WARM_S', quick ? 3 : 10),
    measureSeconds: num('BENCH_MEASURE_S', quick ? 5 : 15),
    connections: num('BENCH_CONNECTIONS', 40),
    // Small enough that every user finishes the intake several times over within the warm-up + window, so the
    // measured mix holds every kind of turn (result turns included), not only the first questions.
    users: num('BENCH_USERS', 200),
    fixedRate: TARGETS.fixedRate,
    ...(profileDir
      ? {
          oursNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'ours')}`],
          peerNodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'peer')}`],
        }
      : {}),
  };
  const loadAverageAtStart = loadavg().map(round2);
  const started = Date.now();

  log(
    `webhook comparison: ${options.warmSeconds} s warm + ${options.measureSeconds} s measured per server, ${options.connections} connections`,
  );
  const webhook = await runWebhookComparison(options);
  log('memory: 10,000 live sessions');
  const memory = await runSessionMemory(10_000);
  const others = flags.has('--with-others') ? runOthers() : undefined;

  const ratios = {
    vsConversationsPeer: round2(webhook.ours.turnsPerSecond / Math.max(1, webhook.peer.turnsPerSecond)),
    vsCeiling: round2(webhook.ours.turnsPerSecond / Math.max(1, webhook.ceiling.turnsPerSecond)),
  };
  const fixed = webhook.oursAtFixedRate;
  // p99 at 500/s only counts if the server actually absorbed (nearly) 500/s.
  const fixedRateReached = fixed.achievedRate >= TARGETS.fixedRate * 0.95;
  const report = {
    ratios,
    p99Ms: fixed.p99Ms,
    bytesPerSession: memory.bytesPerSession.mean,
    bytesPerSessionP95: memory.bytesPerSession.p95,
    rssMb10k: memory.rssMb10k,
    targets: {
      vsConversationsPeer: `>= ${TARGETS.vsConversationsPeer}`,
      vsCeiling: `>= ${TARGETS.vsCeiling}`,
      p99Ms: `<= ${TARGETS.p99Ms} at ${TARGETS.fixedRate}/s`,
    },
    met: {
      vsConversationsPeer: ratios.vsConversationsPeer >= TARGETS.vsConversationsPeer,
      vsCeiling: ratios.vsCeiling >= TARGETS.vsCeiling,
      p99Ms: fixedRateReached && fixed.p99Ms <= TARGETS.p99Ms,
      fixedRateReached,
    },
    webhook: {
      ours: side(webhook.ours),
      oursAt500PerSecond: pacedSide(fixed),
      peer: side(webhook.peer),
      peerAt500PerSecond: pacedSide(webhook.peerAtFixedRate),
      ceiling: side(webhook.ceiling),
      ceilingAt500PerSecond: pacedSide(webhook.ceilingAtFixedRate),
      settings: {
        ...options,
        // Saturation phases: autocannon, whole milliseconds. Fixed-rate phases: bench/webhook/paced-load.ts.
        latencyResolutionMs: 1,
        fixedRateLatencyResolutionMs: 0.01,
        fixedRateLoad: 'paced open-loop, latency from intended send time (coordinated-omission corrected)',
        path: 'POST /telegram/webhook',
        fakeBotApi: 'separate process',
      },
    },
    memory,
    ...(others ? { others } : {}),
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map(round2),
    },
    seconds: Math.round((Date.now() - started) / 1000),
    quick,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
