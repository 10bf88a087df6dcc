#!/usr/bin/env node
// The container's health check: GET /health on this container's own port (HEALTH_PORT, else the
// API's port), healthy on 200 only. The API and the worker both answer /health (PostgreSQL and
// Redis reachable); the worker's port is WORKER_HEALTH_PORT, which docker-compose.yml gives as HEALTH_PORT.
'use strict';
const http = require('node:http');

const port = Number(process.env.HEALTH_PORT || process.env.API_PORT || 3000);
const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2500 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', () => process.exit(1));
