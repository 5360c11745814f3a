// A grpc-js client that trusts one self-signed root and calls a BudgetMesh service over TLS.
// Usage: node tls-client.js <grpc-js module dir> <port> <root cert pem> ; prints one JSON line with what it saw.
'use strict';
const [, , grpcPath, port, rootPem] = process.argv;
const grpc = require(grpcPath);
const fs = require('fs');

const passthrough = { serialize: (b) => b, deserialize: (b) => b };
const target = `127.0.0.1:${port}`;

function unary(credentials, path, body) {
  return new Promise((resolve) => {
    const client = new grpc.Client(target, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
    client.makeUnaryRequest(path, passthrough.serialize, passthrough.deserialize, body, new grpc.Metadata(),
      { deadline: Date.now() + 10000 }, (error, response) => {
        client.close();
        resolve(error ? { code: error.code, details: error.details } : { code: 0, bytes: [...response] });
      });
  });
}

(async () => {
  const trusted = grpc.credentials.createSsl(fs.readFileSync(rootPem));
  const health = await unary(trusted, '/grpc.health.v1.Health/Check', Buffer.alloc(0));
  // A keyless CheckTargets is refused by the service itself (UNAUTHENTICATED): proof the call reached the rpc over TLS.
  const rpc = await unary(trusted, '/budgetmesh.performance.v1.PerformanceTargetsService/CheckTargets', Buffer.alloc(0));
  const untrusted = await unary(grpc.credentials.createSsl(), '/grpc.health.v1.Health/Check', Buffer.alloc(0));
  const plaintext = await unary(grpc.credentials.createInsecure(), '/grpc.health.v1.Health/Check', Buffer.alloc(0));
  console.log(JSON.stringify({ health, rpc, untrusted, plaintext }));
})();
