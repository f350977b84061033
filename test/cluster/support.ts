/** Helpers for the cluster tests: reading keys from every master, and which node serves a slot. */
import type { Cluster } from 'ioredis';

/** `cluster.nodes()` is empty until the client has loaded the slot map. */
async function ready(cluster: Cluster): Promise<Cluster> {
  if (cluster.status !== 'ready') await new Promise((resolve) => cluster.once('ready', resolve));
  return cluster;
}

/** Every key matching `pattern` on the whole cluster: SCAN runs per node, so each master is scanned. */
export async function scanAllMasters(cluster: Cluster, pattern: string): Promise<string[]> {
  const perNode = await Promise.all(
    (await ready(cluster)).nodes('master').map(async (node) => {
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      return keys;
    }),
  );
  return perNode.flat().sort();
}

/** How many masters hold at least one key matching `pattern`. */
export async function mastersHolding(cluster: Cluster, pattern: string): Promise<number> {
  const counts = await Promise.all(
    (await ready(cluster)).nodes('master').map(async (node) => {
      const [, batch] = await node.scan('0', 'MATCH', pattern, 'COUNT', 10_000);
      return batch.length;
    }),
  );
  return counts.filter((n) => n > 0).length;
}

export async function keySlot(cluster: Cluster, key: string): Promise<number> {
  return Number(await cluster.cluster('KEYSLOT', key));
}
