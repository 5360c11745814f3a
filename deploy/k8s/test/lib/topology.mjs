// The deployment as a graph: workloads, the endpoints their configuration names, and the pods of the operators.
export const NAMESPACE = "budgetmesh";

export const deployments = (objects) => objects.filter((o) => o.kind === "Deployment");
export const containersOf = (deployment) => deployment.spec.template.spec.containers;

/** A container's environment as name → value, with envFrom ConfigMaps of the same render resolved. */
export function environment(objects, container) {
  const env = {};
  for (const source of container.envFrom ?? []) {
    const map = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === source.configMapRef?.name);
    Object.assign(env, map?.data ?? {});
  }
  for (const variable of container.env ?? []) env[variable.name] = variable.value ?? { from: variable.valueFrom };
  return env;
}

export const namespaceLabels = (objects, name) => ({
  "kubernetes.io/metadata.name": name,
  ...(objects.find((o) => o.kind === "Namespace" && o.metadata.name === name)?.metadata.labels ?? {}),
});

export const podOf = (objects, deployment) => ({
  namespace: deployment.metadata.namespace,
  namespaceLabels: namespaceLabels(objects, deployment.metadata.namespace),
  labels: deployment.spec.template.metadata.labels,
});

/** Pods the operators make, with the labels the operators give them. */
export function operatorPods(objects) {
  const pods = [];
  for (const o of objects) {
    const at = { namespace: o.metadata.namespace, namespaceLabels: namespaceLabels(objects, o.metadata.namespace) };
    if (o.kind === "RabbitmqCluster") {
      pods.push({ ...at, name: o.metadata.name, kind: o.kind, labels: { "app.kubernetes.io/name": o.metadata.name, "app.kubernetes.io/component": "rabbitmq", "app.kubernetes.io/part-of": "rabbitmq" } });
    }
    if (o.kind === "Cluster" && o.apiVersion.startsWith("postgresql.cnpg.io/")) {
      pods.push({ ...at, name: o.metadata.name, kind: o.kind, labels: { "cnpg.io/cluster": o.metadata.name, "cnpg.io/instanceRole": "primary", role: "primary" } });
    }
  }
  return pods;
}

export const elsewhere = (namespace, labels = {}) => ({ namespace, namespaceLabels: { "kubernetes.io/metadata.name": namespace }, labels });

/** "https://intake.budgetmesh.svc:5101" → { scheme, host: intake, namespace, port }. */
export function serviceAddress(text) {
  const url = new URL(text);
  const [host, namespace] = url.hostname.split(".");
  return { scheme: url.protocol.replace(":", ""), host, namespace, hostname: url.hostname, port: Number(url.port) };
}

/** "Host=h;Port=5432;…" → { Host, Port, … } (Npgsql's keys as written). */
export const connectionString = (text) =>
  Object.fromEntries(text.split(";").filter(Boolean).map((part) => { const i = part.indexOf("="); return [part.slice(0, i).trim(), part.slice(i + 1)]; }));

/** The container port a Service's port leads to, in the Deployment it selects. */
export function serviceTarget(objects, service, servicePort) {
  const selected = deployments(objects).filter((d) => d.metadata.namespace === service.metadata.namespace
    && Object.entries(service.spec.selector ?? {}).every(([k, v]) => d.spec.template.metadata.labels?.[k] === v));
  const results = [];
  for (const deployment of selected) {
    for (const container of containersOf(deployment)) {
      for (const port of container.ports ?? []) {
        if (port.name === servicePort.targetPort || port.containerPort === servicePort.targetPort) results.push({ deployment, container, port });
      }
    }
  }
  return results;
}
