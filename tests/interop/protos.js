'use strict';
// Loads the interop protos from the repository (the interop server owns them), so the grpc-js side can never drift
// from what the .NET side compiles; the standard health and reflection protos (grpc-dotnet ships only compiled
// copies) are kept beside this file, the repository's one copy (deploy/grpc-health.js reads health.proto here too).
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const repo = path.resolve(__dirname, '..', '..');
const includeDirs = [
  path.join(repo, 'tools', 'BudgetMesh.InteropServer', 'Protos'),
  path.join(__dirname, 'protos'),
];

const options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true, includeDirs };

function load() {
  const definition = protoLoader.loadSync(
    ['grpc/testing/test.proto', 'grpc/health/v1/health.proto', 'grpc/reflection/v1/reflection.proto', 'grpc/reflection/v1alpha/reflection.proto'],
    options);
  return grpc.loadPackageDefinition(definition);
}

// A FileDescriptorSet is "repeated FileDescriptorProto file = 1": frame each file as field 1.
function toDescriptorSet(files) {
  const parts = [];
  for (const file of files) {
    const length = [];
    let n = file.length;
    do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; length.push(b); } while (n);
    parts.push(Buffer.from([0x0a, ...length]), Buffer.from(file));
  }
  return Buffer.concat(parts);
}

module.exports = { load, options, toDescriptorSet };
