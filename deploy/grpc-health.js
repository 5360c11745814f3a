#!/usr/bin/env node
// Asks each address for the standard grpc.health.v1 status of its whole server (service "").
// Usage: node deploy/grpc-health.js 127.0.0.1:5101 127.0.0.1:5102 ...  Exit 0 when every one answers SERVING.
// Uses the @grpc/grpc-js that tests/interop already installs: an off-the-shelf client, not our own.
'use strict';
const path = require('path');
const modules = path.join(__dirname, '..', 'tests', 'interop', 'node_modules');
const grpc = require(path.join(modules, '@grpc', 'grpc-js'));
const loader = require(path.join(modules, '@grpc', 'proto-loader'));

const protoRoot = path.join(__dirname, '..', 'tests', 'interop', 'protos');
const definition = loader.loadSync('grpc/health/v1/health.proto', { includeDirs: [protoRoot], enums: String });
const Health = grpc.loadPackageDefinition(definition).grpc.health.v1.Health;

function check(address) {
  return new Promise((resolve) => {
    const client = new Health(address, grpc.credentials.createInsecure());
    client.Check({ service: '' }, { deadline: Date.now() + 2000 }, (error, response) => {
      client.close();
      resolve(error ? `UNREACHABLE (${error.code})` : response.status);
    });
  });
}

(async () => {
  const results = await Promise.all(process.argv.slice(2).map(async (a) => [a, await check(a)]));
  for (const [address, status] of results) console.log(`${address} ${status}`);
  process.exit(results.every(([, status]) => status === 'SERVING') ? 0 : 1);
})();
