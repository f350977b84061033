/** Reading REDIS_CLUSTER_NODES: seed nodes from `host:port,host:port`, one clear config line for a bad value. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, parseEnv } from '../../src/config.js';
import { parseClusterNodes, redisClusterNodesSchema } from '../../src/store/index.js';

const schema = z.object({ REDIS_CLUSTER_NODES: redisClusterNodesSchema.optional() });

describe('cluster seed nodes', () => {
  it('reads host:port lists, with optional redis:// and IPv6 brackets', () => {
    expect(parseClusterNodes('10.0.0.1:7000, redis://redis-b:7001/,[::1]:7002')).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
  });

  it.each(['', ' , ', '10.0.0.1', '10.0.0.1:0', 'host:70000', 'a b:1', 'host:port'])('refuses %j', (text) => {
    expect(() => parseClusterNodes(text)).toThrow(RangeError);
  });

  it('is optional in the env schema and reports a bad value on one line naming the variable', () => {
    expect(parseEnv(schema, {})).toEqual({});
    expect(parseEnv(schema, { REDIS_CLUSTER_NODES: '127.0.0.1:7000' })).toEqual({
      REDIS_CLUSTER_NODES: [{ host: '127.0.0.1', port: 7000 }],
    });
    let error: unknown;
    try {
      parseEnv(schema, { REDIS_CLUSTER_NODES: '127.0.0.1:7000,10.0.0.2' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['REDIS_CLUSTER_NODES: "10.0.0.2" is not host:port; expected host:port,host:port']);
  });
});
