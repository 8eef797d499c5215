import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

/** The Kubernetes object schemas, by apiVersion/kind (no cluster needed). */
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
};

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; [key: string]: any };

function validate(objects: K8sObject[]): void {
  for (const object of objects) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    expect(Model, `no schema known for ${object.apiVersion} ${object.kind}`).toBeDefined();
    expect(() => new Model!(object).validate(), `${object.kind} ${object.metadata?.name}`).not.toThrow();
  }
}

const yamlDocs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as K8sObject).filter(Boolean);

/** kustomize from $KUSTOMIZE, the PATH, or `go install` (what .ci/run does). */
function findKustomize(): string | undefined {
  const candidates = [process.env.KUSTOMIZE, join(homedir(), 'go', 'bin', 'kustomize')].filter((c): c is string => Boolean(c));
  const onPath = (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v kustomize'], { encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  return [onPath, ...candidates].find((c) => c && existsSync(c));
}
const kustomize = findKustomize();
const requireKustomize = process.env.LEADLOOP_REQUIRE_KUSTOMIZE === '1';
const build = (overlay: string) => yamlDocs(execFileSync(kustomize!, ['build', `manifests/overlays/${overlay}`], { encoding: 'utf8' }));

/** The environment a pod of this overlay gets: its ConfigMap, its Secret template, and the Deployment's own env. */
function podEnvironment(objects: K8sObject[], secretTemplate: string): Record<string, string> {
  const configMap = objects.find((o) => o.kind === 'ConfigMap')!;
  const secret = yamlDocs(readFileSync(secretTemplate, 'utf8'))[0]!;
  const deployment = objects.find((o) => o.kind === 'Deployment')!;
  const container = deployment.spec.template.spec.containers[0];
  const env = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
  return { ...configMap.data, ...secret.stringData, ...env };
}

describe('manifests/', () => {
  it('every file is a valid Kubernetes object (secret templates included)', () => {
    for (const dir of ['manifests/base', 'manifests/overlays/dev', 'manifests/overlays/prod']) {
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) {
        validate(yamlDocs(readFileSync(join(dir, file), 'utf8')));
      }
    }
  });

  it('runs the pod as a non-root user on a read-only root filesystem, probed on /healthz and /readyz', () => {
    const deployment = yamlDocs(readFileSync('manifests/base/deployment.yaml', 'utf8'))[0]!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.resources.requests).toBeDefined();
    expect(container.resources.limits).toBeDefined();
    // Leadloop stops within 10 s of SIGTERM, after a 5 s preStop pause.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(15);
  });

  it('runs the image the way `npm start` runs the app: the same Node flags, then dist/main.js', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start!.trim().split(/\s+/);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1];
    expect(cmd, 'the Dockerfile has an exec-form CMD').toBeDefined();
    expect(JSON.parse(cmd!)).toEqual(start);
    expect(start.at(-1)).toBe('dist/main.js');
  });

  describe.skipIf(!kustomize && !requireKustomize)('built overlays (kustomize build)', () => {
    it('finds kustomize (CI installs it)', () => {
      expect(kustomize, 'kustomize not found: go install sigs.k8s.io/kustomize/kustomize/v5@v5.7.1, or set KUSTOMIZE').toBeDefined();
    });

    it('prod: valid objects, HTTP mode, at least 2 replicas, autoscaled, with an Ingress to /slack/events, and every setting the app needs', () => {
      const objects = build('prod');
      validate(objects);
      expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Ingress', 'PodDisruptionBudget', 'Service']);
      const deployment = objects.find((o) => o.kind === 'Deployment')!;
      expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler')!.spec.minReplicas).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(objects.find((o) => o.kind === 'Ingress'))).toContain('/slack/events');
      const env = podEnvironment(objects, 'manifests/base/secret.template.yaml');
      const config = loadConfig(env);
      expect(config.slack.socketMode).toBe(false);
      expect(config.mongodbUri).toBeDefined();
    });

    it('dev: valid objects, one replica, Socket Mode, and every setting the app needs', () => {
      const objects = build('dev');
      validate(objects);
      expect(objects.find((o) => o.kind === 'Deployment')!.spec.replicas).toBe(1);
      expect(objects.some((o) => o.kind === 'Ingress')).toBe(false);
      const config = loadConfig(podEnvironment(objects, 'manifests/overlays/dev/secret.template.yaml'));
      expect(config.slack.socketMode).toBe(true);
    });
  });
});
