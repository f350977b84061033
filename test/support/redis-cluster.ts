/**
 * Starts a throw-away 3-master Redis Cluster on 127.0.0.1 for tests: three `redis-server --cluster-enabled yes` on
 * free ports, joined with `redis-cli --cluster create`, ready once every node reports `cluster_state:ok`.
 * No persistence, loopback only, every node killed by `stop()` or when the parent exits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import { freePort } from './redis-server.js';

export interface ClusterNode {
  host: string;
  port: number;
}

export interface RedisClusterHandle {
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Redis derives a node's cluster bus port as its client port + 10000; both must be free and below 65536. */
const BUS_PORT_OFFSET = 10_000;
const START_TIMEOUT_MS = 10_000;
const CLUSTER_OK_TIMEOUT_MS = 15_000;

function binary(envName: string, name: string, debianPackage: string): string {
  const bin = process.env[envName] ?? name;
  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${name} not found (tried "${bin}"). The cluster tests need it: ` +
        `install it (Debian: apt-get install -y ${debianPackage}) or set ${envName}.`,
    );
  }
  return bin;
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, HOST, () => srv.close(() => resolve(true)));
  });
}

/** A free client port whose bus port (port + 10000) is free too. */
async function freeNodePort(taken: Set<number>): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = await freePort();
    const bus = port + BUS_PORT_OFFSET;
    if (bus > 65_535 || taken.has(port) || taken.has(bus)) continue;
    if (await isPortFree(bus)) {
      taken.add(port).add(bus);
      return port;
    }
  }
  throw new Error('no free port pair (port, port + 10000) found for a cluster node');
}

function startNode(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      HOST,
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout',
      '2000',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cluster node did not start on port ${port}:\n${out}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`cluster node on port ${port} exited with ${code}:\n${out}`));
    });
  });
}

function createCluster(cli: string, nodes: ClusterNode[]): Promise<void> {
  const args = ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'];
  return new Promise((resolve, reject) => {
    const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-cli --cluster create timed out:\n${out}`));
    }, CLUSTER_OK_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`redis-cli --cluster create exited with ${code}:\n${out}`));
    });
  });
}

/** Polls every node until it sees the whole cluster: all slots served (`cluster_state:ok`) and every node known. */
async function waitUntilClusterOk(nodes: ClusterNode[]): Promise<void> {
  const clients = nodes.map((n) => new Redis({ host: n.host, port: n.port, maxRetriesPerRequest: 1, lazyConnect: true }));
  const deadline = Date.now() + CLUSTER_OK_TIMEOUT_MS;
  let last = '';
  try {
    for (;;) {
      const infos = await Promise.all(clients.map((c) => c.cluster('INFO')));
      last = infos.join('\n');
      const ready = infos.every((info) => /cluster_state:ok/.test(info) && new RegExp(`cluster_known_nodes:${nodes.length}\\b`).test(info));
      if (ready) return;
      if (Date.now() > deadline) throw new Error(`cluster did not reach cluster_state:ok:\n${last}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    clients.forEach((c) => c.disconnect());
  }
}

/**
 * @example
 * const cluster = await startRedisCluster();
 * const client = connectTestCluster(cluster.nodes);
 * // … tests …
 * await client.quit(); await cluster.stop();
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterHandle> {
  const server = binary('REDIS_SERVER_BIN', 'redis-server', 'redis-server');
  // Debian's redis-server depends on redis-tools, which ships redis-cli.
  const cli = binary('REDIS_CLI_BIN', 'redis-cli', 'redis-tools');
  const dir = mkdtempSync(join(tmpdir(), 'jifen-redis-cluster-'));
  const taken = new Set<number>();
  const children: ChildProcess[] = [];
  const killAll = () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL'));
  process.once('exit', killAll);

  const stop = async () => {
    process.removeListener('exit', killAll);
    await Promise.all(
      children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const nodes: ClusterNode[] = [];
    for (let i = 0; i < masters; i++) nodes.push({ host: HOST, port: await freeNodePort(taken) });
    for (const node of nodes) children.push(await startNode(server, node.port, dir));
    await createCluster(cli, nodes);
    await waitUntilClusterOk(nodes);
    return { nodes, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** An ioredis Cluster client on the test cluster, failing fast like the app's connectRedis. */
export function connectTestCluster(nodes: ClusterNode[], options: ClusterOptions = {}): Cluster {
  const cluster = new Cluster(nodes, {
    ...options,
    redisOptions: { maxRetriesPerRequest: 1, ...options.redisOptions },
  });
  cluster.on('error', () => {});
  return cluster;
}
