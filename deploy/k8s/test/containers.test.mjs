// The images the SDK builds (deploy/containers/Containers.props) are the images the manifests run: same repository,
// same port, same non-root user. Evaluated with MSBuild (no build, no network), so it runs everywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { kustomizations, render, repoRoot } from "./lib/render.mjs";
import { containersOf, deployments } from "./lib/topology.mjs";

const run = promisify(execFile);

const projects = {
  intake: "services/Intake/BudgetMesh.Intake",
  classification: "services/Classification/BudgetMesh.Classification",
  "three-public-expenses": "services/ThreePublicExpenses/BudgetMesh.ThreePublicExpenses",
  "performance-targets": "services/PerformanceTargets/BudgetMesh.PerformanceTargets",
  reconciler: "services/Reconciler/BudgetMesh.Reconciler",
  publication: "services/Publication/BudgetMesh.Publication",
  console: "services/Console/BudgetMesh.Console",
};

async function containerSettings(project) {
  const { stdout } = await run("dotnet", ["msbuild", join(repoRoot, project), "-nologo",
    "-getProperty:ContainerRepository", "-getProperty:ContainerUser", "-getItem:ContainerPort", "-getItem:ContainerEnvironmentVariable"],
  { cwd: repoRoot, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1", DOTNET_NOLOGO: "1" } });
  const json = JSON.parse(stdout);
  return {
    repository: json.Properties.ContainerRepository,
    user: json.Properties.ContainerUser,
    ports: (json.Items.ContainerPort ?? []).map((p) => Number(p.Identity)),
    env: Object.fromEntries((json.Items.ContainerEnvironmentVariable ?? []).map((v) => [v.Identity, v.Value])),
  };
}

test("every service project builds the container image its Deployment runs", async () => {
  const base = render(kustomizations()[0].dir);
  const settings = Object.fromEntries(await Promise.all(Object.entries(projects).map(async ([name, project]) => [name, await containerSettings(project)])));
  assert.deepEqual(deployments(base).map((d) => d.metadata.name).sort(), Object.keys(projects).sort(), "one Deployment per service project");
  for (const d of deployments(base)) {
    const s = settings[d.metadata.name];
    const [container] = containersOf(d);
    assert.equal(container.image.replace(/:[^/:]+$/, ""), s.repository, `${d.metadata.name}: image repository`);
    assert.deepEqual(s.ports, [container.ports[0].containerPort], `${d.metadata.name}: the image's port`);
    assert.equal(Number(s.user), d.spec.template.spec.securityContext.runAsUser, `${d.metadata.name}: the image's user`);
    assert.ok(Number(s.user) > 0, `${d.metadata.name}: the image runs as root`);
    assert.equal(s.env.BUDGETMESH_BIND, "0.0.0.0", `${d.metadata.name}: listens beyond loopback in a container`);
  }
});

test("projects that are not services build no image settings", async () => {
  const rules = await containerSettings("services/Reconciler/BudgetMesh.Reconciler.Rules");
  assert.equal(rules.repository, "");
});
