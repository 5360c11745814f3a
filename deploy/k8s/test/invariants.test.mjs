// What every rendered deployment must hold (issue 22): hardened containers with resources and gRPC probes, a
// disruption budget and an autoscaler for every Deployment, Services that lead to the containers' ports, TLS between
// services, only the design's network flows, pinned images, and no secret in the repository.
import { test } from "node:test";
import assert from "node:assert/strict";
import { kustomizations, render, id } from "./lib/render.mjs";
import { allowed, policiesIn } from "./lib/netpol.mjs";
import {
  NAMESPACE, connectionString, containersOf, deployments, elsewhere, environment, operatorPods, podOf, serviceAddress, serviceTarget,
} from "./lib/topology.mjs";

const quantity = (q) => {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q));
  assert.ok(m, `${q} is not a quantity`);
  const unit = { "": 1, m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 }[m[2]];
  assert.ok(unit !== undefined, `unit of ${q}`);
  return Number(m[1]) * unit;
};

// The design's edge (docs: design.md "Who uses it"): district systems reach Intake, operators the console, both
// through the cluster's ingress controller. No other workload is reached from outside the namespace.
const EDGE = { namespace: "ingress-nginx", reaches: ["console", "intake"] };

for (const { name, dir } of kustomizations()) {
  const objects = () => render(dir);

  test(`${name}: every container runs as non-root on a read-only root filesystem, with no privileges`, () => {
    for (const d of deployments(objects())) {
      const pod = d.spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false, `${id(d)} mounts an API token`);
      for (const c of [...containersOf(d), ...(pod.initContainers ?? [])]) {
        const sc = { ...pod.securityContext, ...c.securityContext };
        assert.equal(sc.runAsNonRoot, true, `${id(d)}/${c.name}: runAsNonRoot`);
        assert.ok(Number.isInteger(sc.runAsUser) && sc.runAsUser > 0, `${id(d)}/${c.name}: runAsUser is a non-zero uid`);
        assert.equal(c.securityContext?.readOnlyRootFilesystem, true, `${id(d)}/${c.name}: readOnlyRootFilesystem`);
        assert.equal(c.securityContext?.allowPrivilegeEscalation, false, `${id(d)}/${c.name}: allowPrivilegeEscalation`);
        assert.deepEqual(c.securityContext?.capabilities?.drop, ["ALL"], `${id(d)}/${c.name}: drops every capability`);
        assert.equal(c.securityContext?.privileged ?? false, false);
        assert.equal(sc.seccompProfile?.type, "RuntimeDefault", `${id(d)}/${c.name}: seccomp profile (Pod Security "restricted")`);
      }
    }
  });

  test(`${name}: every container requests and limits CPU and memory, requests within limits`, () => {
    for (const d of deployments(objects())) {
      for (const c of containersOf(d)) {
        for (const r of ["cpu", "memory"]) {
          const request = c.resources?.requests?.[r];
          const limit = c.resources?.limits?.[r];
          assert.ok(request !== undefined && limit !== undefined, `${id(d)}/${c.name}: ${r} request and limit`);
          assert.ok(quantity(request) <= quantity(limit), `${id(d)}/${c.name}: ${r} request ${request} over limit ${limit}`);
        }
      }
    }
  });

  test(`${name}: gRPC services are probed with grpc.health.v1 (startup, readiness, liveness) on a port they declare`, () => {
    let grpcServices = 0;
    for (const d of deployments(objects())) {
      for (const c of containersOf(d)) {
        const ports = c.ports ?? [];
        const servesGrpc = ports.some((p) => p.name === "grpc");
        for (const kind of ["startupProbe", "readinessProbe", "livenessProbe"]) {
          const probe = c[kind];
          assert.ok(probe, `${id(d)}/${c.name}: ${kind}`);
          if (servesGrpc) {
            assert.ok(probe.grpc, `${id(d)}/${c.name}: ${kind} is not a gRPC probe`);
            assert.ok(ports.some((p) => p.containerPort === probe.grpc.port), `${id(d)}/${c.name}: ${kind} port ${probe.grpc.port} is not a container port`);
          } else {
            // The console serves HTTP/1.1 only (its /health endpoints): no gRPC listener to probe.
            assert.ok(probe.httpGet && ports.some((p) => p.name === probe.httpGet.port), `${id(d)}/${c.name}: ${kind}`);
          }
        }
        if (servesGrpc) {
          grpcServices++;
          // Liveness must not follow the database or the broker, or one outage restarts every replica: it asks the
          // health entry that only says the process serves (GrpcHostingExtensions.LivenessService).
          assert.equal(c.livenessProbe.grpc.service, "liveness", `${id(d)}/${c.name}: liveness asks the "liveness" health service`);
          assert.equal(c.readinessProbe.grpc.service ?? "", "", `${id(d)}/${c.name}: readiness asks the overall ("") health`);
          const env = environment(objects(), c);
          assert.equal(Number(env.BUDGETMESH_HEALTH_PORT), c.readinessProbe.grpc.port, `${id(d)}/${c.name}: the probe port is the service's BUDGETMESH_HEALTH_PORT`);
          assert.equal(Number(env.BUDGETMESH_PORT), ports.find((p) => p.name === "grpc").containerPort, `${id(d)}/${c.name}: BUDGETMESH_PORT is the grpc port`);
        }
      }
    }
    assert.equal(grpcServices, 6, "six gRPC services");
  });

  test(`${name}: every Deployment has a PodDisruptionBudget that lets one pod go and keeps one`, () => {
    const pdbs = objects().filter((o) => o.kind === "PodDisruptionBudget");
    for (const d of deployments(objects())) {
      const labels = d.spec.template.metadata.labels;
      const mine = pdbs.filter((p) => Object.entries(p.spec.selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v));
      assert.equal(mine.length, 1, `${id(d)}: ${mine.length} PodDisruptionBudgets`);
      assert.ok(d.spec.replicas >= 2, `${id(d)}: ${d.spec.replicas} replica(s) cannot survive a drain`);
      assert.ok(mine[0].spec.minAvailable >= 1 && mine[0].spec.minAvailable < d.spec.replicas, `${id(d)}: minAvailable`);
    }
  });

  test(`${name}: every Deployment is autoscaled once; the Reconciler by KEDA on its RabbitMQ queue`, () => {
    for (const d of deployments(objects())) {
      const hpas = objects().filter((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.kind === "Deployment" && o.spec.scaleTargetRef.name === d.metadata.name);
      const scaled = objects().filter((o) => o.kind === "ScaledObject" && o.spec.scaleTargetRef.name === d.metadata.name && (o.spec.scaleTargetRef.kind ?? "Deployment") === "Deployment");
      assert.equal(hpas.length + scaled.length, 1, `${id(d)}: ${hpas.length} HorizontalPodAutoscalers and ${scaled.length} ScaledObjects`);
      const min = hpas[0]?.spec.minReplicas ?? scaled[0].spec.minReplicaCount;
      assert.ok(min >= 2, `${id(d)}: scales down to ${min}`);
    }
    const reconciler = objects().find((o) => o.kind === "ScaledObject" && o.spec.scaleTargetRef.name === "reconciler");
    assert.ok(reconciler, "the Reconciler has a ScaledObject");
    const trigger = reconciler.spec.triggers.find((t) => t.type === "rabbitmq");
    assert.equal(trigger?.metadata.queueName, "reconciler-budget-submitted");
    assert.equal(trigger.metadata.mode, "QueueLength");
    const container = containersOf(deployments(objects()).find((d) => d.metadata.name === "reconciler"))[0];
    const address = environment(objects(), container)[trigger.metadata.hostFromEnv];
    assert.ok(typeof address === "string" && address.startsWith("amqps://") && !address.includes("@"), `hostFromEnv names the broker without credentials: ${address}`);
    const auth = objects().find((o) => o.kind === "TriggerAuthentication" && o.metadata.name === trigger.authenticationRef.name);
    // KEDA's RabbitMQ scaler takes each parameter from one place (rabbitmq_scaler.go, `keda:"…, order=…"` tags):
    // one put elsewhere is ignored without a word, as `tls: enable` in the trigger's metadata would be.
    const metadataParameters = ["host", "hostFromEnv", "protocol", "queueName", "mode", "value", "activationValue", "vhostName",
      "useRegex", "excludeUnacknowledged", "pageSize", "operation", "timeout", "unsafeSsl"];
    const authParameters = ["host", "username", "password", "tls", "ca", "cert", "key", "keyPassword", "workloadIdentityResource"];
    for (const key of Object.keys(trigger.metadata)) assert.ok(metadataParameters.includes(key), `the rabbitmq trigger's metadata has ${key}, which the scaler does not read there`);
    const given = [...(auth.spec.secretTargetRef ?? []), ...(auth.spec.env ?? [])].map((r) => r.parameter);
    for (const parameter of given) assert.ok(authParameters.includes(parameter), `TriggerAuthentication parameter ${parameter}`);
    assert.deepEqual(given.slice().sort(), ["ca", "password", "tls", "username"], "credentials, the internal CA and TLS on");
    for (const fromEnv of auth.spec.env ?? []) {
      const target = containersOf(deployments(objects()).find((d) => d.metadata.name === reconciler.spec.scaleTargetRef.name)).find((c) => c.name === fromEnv.containerName);
      assert.ok(target, `TriggerAuthentication reads ${fromEnv.name} from container ${fromEnv.containerName}, which does not exist`);
      const value = environment(objects(), target)[fromEnv.name];
      if (fromEnv.parameter === "tls") assert.equal(value, "enable", "the scaler speaks TLS to the broker");
    }
  });

  test(`${name}: the Ingresses expose exactly the design's edge, over TLS to the services`, () => {
    const ingresses = objects().filter((o) => o.kind === "Ingress");
    const backends = ingresses.flatMap((i) => i.spec.rules.flatMap((r) => r.http.paths.map((p) => ({ ingress: i, backend: p.backend.service }))));
    assert.deepEqual([...new Set(backends.map((b) => b.backend.name))].sort(), EDGE.reaches);
    for (const { ingress, backend } of backends) {
      const service = objects().find((o) => o.kind === "Service" && o.metadata.name === backend.name);
      assert.ok(service?.spec.ports.some((p) => p.name === backend.port.name), `${id(ingress)}: port ${backend.port.name} of ${backend.name}`);
      assert.match(ingress.metadata.annotations["nginx.ingress.kubernetes.io/backend-protocol"], /^(GRPCS|HTTPS)$/, `${id(ingress)} reaches its service without TLS`);
      assert.equal(ingress.metadata.annotations["nginx.ingress.kubernetes.io/proxy-ssl-verify"], "on", `${id(ingress)} does not verify the service's certificate`);
      assert.ok(ingress.spec.tls?.length > 0, `${id(ingress)}: no TLS for the public name`);
      assert.equal(ingress.spec.ingressClassName, "nginx");
    }
  });

  test(`${name}: every Service's port is the port of the container it selects`, () => {
    for (const service of objects().filter((o) => o.kind === "Service")) {
      for (const port of service.spec.ports) {
        const targets = serviceTarget(objects(), service, port);
        assert.ok(targets.length > 0, `${id(service)} port ${port.name} leads to no container port`);
        for (const t of targets) assert.equal(port.port, t.port.containerPort, `${id(service)} port ${port.name}`);
      }
    }
  });

  test(`${name}: services reach each other over TLS, with certificates for the names they are called by`, () => {
    const certificates = objects().filter((o) => o.kind === "Certificate");
    for (const d of deployments(objects())) {
      for (const c of containersOf(d)) {
        const env = environment(objects(), c);
        const mounts = (path) => c.volumeMounts.find((m) => path.startsWith(m.mountPath + "/"));
        // The service's own certificate: files it is told to load, from a Secret cert-manager issues for its name.
        for (const variable of ["BUDGETMESH_TLS_CERT_FILE", "BUDGETMESH_TLS_KEY_FILE"]) {
          const mount = mounts(env[variable] ?? "");
          assert.ok(mount, `${id(d)}: ${variable} is not in a mounted volume`);
          const volume = d.spec.template.spec.volumes.find((v) => v.name === mount.name);
          const certificate = certificates.find((x) => x.spec.secretName === volume.secret?.secretName);
          assert.ok(certificate, `${id(d)}: ${variable} comes from no cert-manager Certificate`);
          assert.ok(certificate.spec.dnsNames.includes(`${d.metadata.name}.${NAMESPACE}.svc`), `${id(d)}: its certificate lacks ${d.metadata.name}.${NAMESPACE}.svc`);
        }
        assert.ok(String(env.SSL_CERT_DIR).split(":").some((p) => mounts(p + "/ca.crt")), `${id(d)}: the internal CA is not among SSL_CERT_DIR's directories`);
        for (const [variable, value] of Object.entries(env)) {
          if (!/^BUDGETMESH_\w+_URL$/.test(variable) || typeof value !== "string") continue;
          const address = serviceAddress(value);
          assert.equal(address.scheme, "https", `${id(d)}: ${variable} is not TLS`);
          const peer = certificates.find((x) => x.spec.secretName === `${address.host}-tls`);
          assert.ok(peer?.spec.dnsNames.includes(address.hostname), `${id(d)}: ${variable}: no certificate for ${address.hostname}`);
        }
        if (typeof env.BUDGETMESH_POSTGRES === "string") {
          const cs = connectionString(env.BUDGETMESH_POSTGRES);
          assert.equal(cs["SSL Mode"], "VerifyFull", `${id(d)}: PostgreSQL without verified TLS`);
          assert.ok(mounts(cs["Root Certificate"]), `${id(d)}: PostgreSQL's root certificate is not mounted`);
        }
        if (typeof env.BUDGETMESH_RABBITMQ === "string") assert.match(env.BUDGETMESH_RABBITMQ, /^amqps:\/\//, `${id(d)}: AMQP without TLS`);
      }
    }
    const broker = objects().find((o) => o.kind === "RabbitmqCluster");
    assert.equal(broker.spec.tls.disableNonTLSListeners, true, "the broker still listens without TLS");
    assert.ok(certificates.some((x) => x.spec.secretName === broker.spec.tls.secretName), "the broker's certificate");
    const pg = objects().find((o) => o.kind === "Cluster");
    const pgCertificate = certificates.find((x) => x.spec.secretName === pg.spec.certificates.serverTLSSecret);
    assert.ok(pgCertificate?.spec.dnsNames.includes(`${pg.metadata.name}-rw.${NAMESPACE}.svc`), "PostgreSQL's certificate names its read-write Service");
  });

  test(`${name}: NetworkPolicies allow exactly the flows the services' configuration names`, () => {
    const all = objects();
    const policies = policiesIn(all);
    const defaultDeny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    assert.deepEqual(defaultDeny?.spec.policyTypes?.slice().sort(), ["Egress", "Ingress"], "a default-deny policy for both directions");
    const operators = operatorPods(all);
    const broker = operators.find((p) => p.kind === "RabbitmqCluster");
    const database = operators.find((p) => p.kind === "Cluster");
    const pods = Object.fromEntries(deployments(all).map((d) => [d.metadata.name, podOf(all, d)]));
    const required = new Set();
    const need = (from, to, port, why) => {
      required.add(`${from}->${to}:${port}`);
      return [from, to, port, why];
    };
    const flows = [];
    for (const d of deployments(all)) {
      const name = d.metadata.name;
      assert.ok(policies.some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length > 0
        && Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => pods[name].labels[k] === v)), `${name} has no policy of its own`);
      const env = environment(all, containersOf(d)[0]);
      for (const [variable, value] of Object.entries(env)) {
        if (/^BUDGETMESH_\w+_URL$/.test(variable) && typeof value === "string") {
          const address = serviceAddress(value);
          const service = all.find((o) => o.kind === "Service" && o.metadata.name === address.host && o.metadata.namespace === address.namespace);
          assert.ok(service, `${name}: ${variable} names no Service of this deployment`);
          const [target] = serviceTarget(all, service, service.spec.ports.find((p) => p.port === address.port));
          assert.ok(target, `${name}: ${variable}: port ${address.port}`);
          flows.push(need(name, target.deployment.metadata.name, target.port.containerPort, variable));
        }
      }
      if (typeof env.BUDGETMESH_POSTGRES === "string") {
        const cs = connectionString(env.BUDGETMESH_POSTGRES);
        assert.equal(cs.Host, `${database.name}-rw.${NAMESPACE}.svc`, `${name}: PostgreSQL host`);
        flows.push(need(name, "postgres", Number(cs.Port), "BUDGETMESH_POSTGRES"));
      }
      if (typeof env.BUDGETMESH_RABBITMQ === "string") {
        const address = serviceAddress(env.BUDGETMESH_RABBITMQ.replace(/\/\/.*@/, "//"));
        assert.equal(address.host, broker.name, `${name}: broker host`);
        flows.push(need(name, "broker", address.port, "BUDGETMESH_RABBITMQ"));
      }
      const otlp = serviceAddress(env.OTEL_EXPORTER_OTLP_ENDPOINT);
      assert.ok(allowed(policies, pods[name], elsewhere(otlp.namespace, { "app.kubernetes.io/name": otlp.host }), otlp.port), `${name} -> OTLP collector ${otlp.hostname}:${otlp.port}`);
    }
    const target = (to) => (to === "postgres" ? database : to === "broker" ? broker : pods[to]);
    for (const [from, to, port, why] of flows) {
      assert.ok(allowed(policies, pods[from], target(to), port), `${from} -> ${to}:${port} (${why}) is refused`);
    }
    // Nothing else between the workloads: every other pair and port is refused, health ports included.
    const ports = (to) => (to === "postgres" ? [5432] : to === "broker" ? [5671] : deployments(all).find((d) => d.metadata.name === to).spec.template.spec.containers.flatMap((c) => c.ports.map((p) => p.containerPort)));
    for (const from of Object.keys(pods)) {
      for (const to of [...Object.keys(pods), "postgres", "broker"]) {
        for (const port of ports(to)) {
          if (from === to || required.has(`${from}->${to}:${port}`)) continue;
          assert.equal(allowed(policies, pods[from], target(to), port), false, `${from} -> ${to}:${port} is allowed but no configuration needs it`);
        }
      }
    }
    // From outside the namespace: only the edge, and only to the services' own ports.
    for (const [name, pod] of Object.entries(pods)) {
      const d = deployments(all).find((x) => x.metadata.name === name);
      for (const c of containersOf(d)) {
        for (const p of c.ports) {
          const fromEdge = allowed(policies, elsewhere(EDGE.namespace), pod, p.containerPort);
          const expected = EDGE.reaches.includes(name) && p.name !== "health";
          assert.equal(fromEdge, expected, `${EDGE.namespace} -> ${name}:${p.containerPort}`);
          assert.equal(allowed(policies, elsewhere("some-other-namespace"), pod, p.containerPort), false, `another namespace -> ${name}:${p.containerPort}`);
          for (const op of operators) assert.equal(allowed(policies, op, pod, p.containerPort), false, `${op.name} -> ${name}:${p.containerPort}`);
        }
      }
    }
    // KEDA reads the Reconciler's queue depth from the broker.
    assert.ok(allowed(policies, elsewhere("keda"), broker, 5671), "keda -> broker:5671");
    // Leaving the cluster: only Publication (to the website) and the PostgreSQL instances (to the API server).
    for (const [name, pod] of Object.entries(pods)) {
      assert.equal(allowed(policies, pod, { ip: "198.51.100.7" }, 443), false, `${name} may reach any address`);
    }
    const websiteRule = policies.filter((p) => p.spec.podSelector.matchLabels?.["app.kubernetes.io/name"] === "publication")
      .flatMap((p) => p.spec.egress ?? []).find((r) => r.to?.some((peer) => peer.ipBlock));
    assert.ok(websiteRule, "publication -> website");
    const website = websiteRule.to.find((peer) => peer.ipBlock).ipBlock.cidr.split("/")[0];
    assert.ok(allowed(policies, pods.publication, { ip: website }, 443), "publication -> website:443");
    for (const [name, pod] of Object.entries(pods)) {
      if (name !== "publication") assert.equal(allowed(policies, pod, { ip: website }, 443), false, `${name} -> website`);
    }
  });

  test(`${name}: every image is pinned to a version (a tag other than latest, or a digest)`, () => {
    const images = [];
    for (const d of deployments(objects())) for (const c of [...containersOf(d), ...(d.spec.template.spec.initContainers ?? [])]) images.push([id(d), c.image]);
    for (const o of objects()) {
      if (o.kind === "RabbitmqCluster") images.push([id(o), o.spec.image]);
      if (o.kind === "Cluster") images.push([id(o), o.spec.imageName]);
    }
    for (const [owner, image] of images) {
      assert.ok(image, `${owner} names no image (the operator would pick one)`);
      const digest = /@sha256:[0-9a-f]{64}$/.test(image);
      const tag = /:([\w][\w.-]{0,127})$/.exec(image.replace(/^[^/]*:\d+\//, ""))?.[1];
      assert.ok(digest || (tag && tag !== "latest"), `${owner}: ${image} is not pinned`);
    }
  });

  test(`${name}: no Secret values: none rendered, none in ConfigMaps or plain env values`, () => {
    const secretish = /(PASSWORD|PASSWD|SECRET|TOKEN|_KEY)$/i;
    for (const o of objects()) {
      assert.notEqual(o.kind, "Secret", `${id(o)}: Secrets are created on the cluster (README), never kept here`);
      if (o.kind === "ConfigMap") {
        for (const [key, value] of Object.entries(o.data ?? {})) {
          assert.doesNotMatch(key, secretish, `${id(o)}: ${key}`);
          assert.doesNotMatch(value, /bm_[a-z]+_|PRIVATE KEY|password=/i, `${id(o)}: ${key} holds a secret`);
        }
      }
    }
    for (const d of deployments(objects())) {
      for (const c of containersOf(d)) {
        for (const v of c.env ?? []) {
          if (secretish.test(v.name)) assert.ok(v.valueFrom?.secretKeyRef, `${id(d)}: ${v.name} must come from a Secret`);
          if (typeof v.value === "string") {
            assert.doesNotMatch(v.value, /bm_[a-z]+_/, `${id(d)}: ${v.name} holds a key`);
            assert.doesNotMatch(v.value.replace(/\$\([A-Z_]+\)/g, ""), /Password=[^;]|:\/\/[^/@]*:[^/@]+@/, `${id(d)}: ${v.name} holds a password`);
          }
        }
      }
    }
  });
}
