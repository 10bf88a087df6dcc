#!/usr/bin/env node
// Creates the database named in DATABASE_URL (or config) if the server lacks it.
'use strict';
const { Client } = require('pg');
const url = new URL(process.env.DATABASE_URL || require('../config/default.json').databaseUrl);
const name = decodeURIComponent(url.pathname.slice(1));
url.pathname = '/postgres';
(async () => {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!rowCount) {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    console.log(`created database ${name}`);
  }
  await client.end();
})().catch((e) => {
  console.error(`could not create database ${name}: ${e.message}`);
  process.exit(1);
});
