#!/usr/bin/env node
// Says whether the PostgreSQL server and Redis of the configuration answer. Exit 0 when both do;
// otherwise prints which is down and exits 1. Plain JS so it runs before anything is compiled.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

function setting(envName, key) {
  if (process.env[envName]) return process.env[envName];
  const dir = path.join(__dirname, '..', 'config');
  const env = process.env.APP_ENV || 'development';
  for (const file of [`${env}.json`, 'default.json']) {
    const p = path.join(dir, file);
    if (fs.existsSync(p)) {
      const v = JSON.parse(fs.readFileSync(p, 'utf8'))[key];
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

async function checkPostgres(url) {
  const { Client } = require('pg');
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString(), connectionTimeoutMillis: 3000 });
  await client.connect();
  await client.query('SELECT 1');
  await client.end();
}

async function checkRedis(url) {
  const IORedis = require('ioredis').default;
  const redis = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

(async () => {
  const databaseUrl = setting('DATABASE_URL', 'databaseUrl');
  const redisUrl = setting('REDIS_URL', 'redisUrl');
  let ok = true;
  for (const [name, url, check] of [
    ['postgres', databaseUrl, checkPostgres],
    ['redis', redisUrl, checkRedis],
  ]) {
    try {
      await check(url);
      console.log(`${name}: up (${url.replace(/\/\/[^@]*@/, '//')})`);
    } catch (e) {
      ok = false;
      console.log(`${name}: down (${url}): ${e.message}`);
    }
  }
  process.exit(ok ? 0 : 1);
})();
