/**
 * The folder rules of docs/architecture.md, checked by `npm run check` (dependency-cruiser). Type-only imports count
 * too: a type is part of what a module depends on.
 */
const CORE = '^src/(scoring|dialog|nlu|faq)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles: a cycle makes load order matter and the two modules one concern in two files.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-pure',
      severity: 'error',
      comment:
        'The core (scoring, dialog, nlu, faq) never imports a channel, the store, Redis, BullMQ, the clocks, the runtime or the wiring: ' +
        'it is pure and runs the same in the server, the terminal chat, the benchmarks and the tests.',
      from: { path: CORE },
      to: {
        path: [
          '^src/(channels|store|runtime|reminders|app|cli|observability|ratelimit)/',
          '^src/(main|server|config)[.]ts$',
          '(^|/)node_modules/(ioredis|bullmq|grammy|@grammyjs|fastify|@fastify|chrono-node|pino|prom-client|@wecom)/',
        ],
      },
    },
    {
      name: 'contract-stands-alone',
      severity: 'error',
      comment: 'src/contract is the seam between the core and the adapters: it depends on nothing, so both sides may depend on it.',
      from: { path: '^src/contract/' },
      to: { path: '^src/', pathNot: '^src/contract/' },
    },
    {
      name: 'channels-only-adapt',
      severity: 'error',
      comment: 'Channels translate, call the TurnHandler and render; they never compute points or read text themselves.',
      from: { path: '^src/channels/' },
      to: { path: ['^src/(scoring|dialog|nlu|faq|runtime|reminders|app|cli)/'] },
    },
    {
      name: 'store-knows-no-turn',
      severity: 'error',
      comment: 'The store keeps strings under keys; it does not know the dialog, the channels or the runtime.',
      from: { path: '^src/store/' },
      to: { path: ['^src/(scoring|dialog|nlu|faq|channels|runtime|reminders|app|cli)/'] },
    },
    {
      name: 'wiring-at-the-top',
      severity: 'error',
      comment: 'Only the entry points (main.ts, cli/, the evaluation harness in eval/) compose the app; nothing below imports them.',
      from: { path: '^src/', pathNot: ['^src/(app|cli|eval)/', '^src/main[.]ts$'] },
      to: { path: ['^src/(app|cli)/', '^src/main[.]ts$'] },
    },
    {
      name: 'runtime-below-the-wiring',
      severity: 'error',
      comment: 'The turn runtime is called through the TurnHandler contract; only the wiring and the entry points import it.',
      from: { path: '^src/', pathNot: ['^src/(app|cli|eval|runtime)/', '^src/main[.]ts$'] },
      to: { path: '^src/runtime/' },
    },
    {
      name: 'no-dev-dependencies-in-src',
      severity: 'error',
      comment: 'The image installs production dependencies only.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
