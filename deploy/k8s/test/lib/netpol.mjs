// Which connections the NetworkPolicies of one namespace allow, by the rules of networking.k8s.io/v1: a connection
// from pod A to pod B on a port is allowed when A is selected by no Egress policy or one of A's Egress policies allows
// it, and B is selected by no Ingress policy or one of B's Ingress policies allows it. The evaluator understands
// matchLabels, ports by number (with endPort) and ipBlock; a policy using anything else fails the test rather than
// being guessed at.

export function policiesIn(objects) {
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  for (const p of policies) assertSupported(p);
  return policies;
}

function assertSupported(policy) {
  const walk = (value, path) => {
    if (value && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        if (key === "matchExpressions") throw new Error(`${policy.metadata.name}: ${path}/matchExpressions is not evaluated by this test`);
        if (key === "port" && typeof item === "string") throw new Error(`${policy.metadata.name}: named port ${item} is not evaluated by this test`);
        walk(item, `${path}/${key}`);
      }
    }
  };
  walk(policy.spec, "spec");
}

const matches = (selector, labels) =>
  Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels?.[k] === v);

const types = (p) => p.spec.policyTypes ?? (p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);

const portAllowed = (ports, port) =>
  !ports || ports.length === 0 || ports.some((p) => (p.protocol ?? "TCP") === "TCP" && (p.port === undefined || (p.endPort ? port >= p.port && port <= p.endPort : p.port === port)));

/** An endpoint: a pod ({ namespace, labels }) in some namespace ({ namespaceLabels }), or an address ({ ip }). */
function peerMatches(peer, endpoint, policyNamespace) {
  if (peer.ipBlock) return endpoint.ip !== undefined && inCidr(endpoint.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(endpoint.ip, c));
  if (endpoint.ip !== undefined) return false;
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, endpoint.namespaceLabels)) return false;
  } else if (endpoint.namespace !== policyNamespace) {
    return false;
  }
  return peer.podSelector ? matches(peer.podSelector, endpoint.labels) : true;
}

function inCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  const toInt = (a) => a.split(".").reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  return (toInt(ip) & mask) === (toInt(base) & mask);
}

/** Whether `from` may open a TCP connection to `to` on `port`. Pods carry namespace, namespaceLabels and labels. */
export function allowed(policies, from, to, port) {
  const egressOk = (() => {
    if (from.ip !== undefined) return true; // outside the namespace: not ours to restrict
    const selecting = policies.filter((p) => p.metadata.namespace === from.namespace && types(p).includes("Egress") && matches(p.spec.podSelector, from.labels));
    if (selecting.length === 0) return true;
    return selecting.some((p) => (p.spec.egress ?? []).some((rule) => (rule.to ?? [{}]).some((peer) => peer && (Object.keys(peer).length === 0 || peerMatches(peer, to, p.metadata.namespace))) && portAllowed(rule.ports, port)));
  })();
  const ingressOk = (() => {
    if (to.ip !== undefined) return true;
    const selecting = policies.filter((p) => p.metadata.namespace === to.namespace && types(p).includes("Ingress") && matches(p.spec.podSelector, to.labels));
    if (selecting.length === 0) return true;
    return selecting.some((p) => (p.spec.ingress ?? []).some((rule) => (rule.from ?? [{}]).some((peer) => Object.keys(peer).length === 0 || peerMatches(peer, from, p.metadata.namespace)) && portAllowed(rule.ports, port)));
  })();
  return egressOk && ingressOk;
}
