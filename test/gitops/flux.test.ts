import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments, stringify } from 'yaml';
import { renderFluxKustomizations, SYNC_WAVE_ANNOTATION, SyncLayer } from '../../lib';
import { tempDir } from '../secrets/sealed/support/sealed';
import { REPO } from '../support/project-copy';

const DOC = path.join(REPO, 'docs', 'flux', 'task-api-prod.yaml');
const PROPS = { name: 'task-api-prod', path: './dist/prod', sourceRef: { kind: 'GitRepository' as const, name: 'gitops' } };
const id = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** What Flux applies for one Kustomization: `kustomize build` of its path with its `spec.patches` on top. */
function fluxBuild(k: any): any[] {
  const dir = tempDir('flux-');
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), stringify({
    apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [path.relative(dir, path.resolve(REPO, k.spec.path))], patches: k.spec.patches,
  }));
  const run = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  return parseAllDocuments(run.stdout).map((d) => d.toJS()).filter(Boolean);
}

describe('Flux: one Kustomization per sync layer', () => {
  test('docs/flux/task-api-prod.yaml is renderFluxKustomizations of the prod stage, a chain of dependsOn in wave order', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    expect(doc.replace(/^#.*\n/gm, '')).toBe(renderFluxKustomizations(PROPS));
    const ks = parseAllDocuments(doc).map((d) => d.toJS());
    const layers = Object.values(SyncLayer).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    expect(ks).toHaveLength(layers.length);
    ks.forEach((k, i) => {
      expect(k).toMatchObject({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', spec: { path: './dist/prod', wait: true, prune: true } });
      expect(k.spec.dependsOn).toEqual(i === 0 ? undefined : [{ name: ks[i - 1].metadata.name }]);
      expect(k.spec.patches[0].target.annotationSelector).toBe(`${SYNC_WAVE_ANNOTATION} notin (${layers[i]})`);
    });
  });

  test('each layer builds exactly the objects of its wave, and together every object of the stage once', () => {
    const ks = parseAllDocuments(fs.readFileSync(DOC, 'utf8')).map((d) => d.toJS());
    const stage = spawnSync('kubectl', ['kustomize', path.join(REPO, 'dist', 'prod')], { encoding: 'utf8' });
    const all = parseAllDocuments(stage.stdout).map((d) => d.toJS());
    const seen: string[] = [];
    for (const k of ks) {
      const wave = Number(/notin \((\d+)\)/.exec(k.spec.patches[0].target.annotationSelector)![1]);
      const built = fluxBuild(k);
      expect(built.map(id).sort()).toEqual(all.filter((o) => Number(o.metadata.annotations[SYNC_WAVE_ANNOTATION]) === wave).map(id).sort());
      seen.push(...built.map(id));
    }
    expect(seen.sort()).toEqual(all.map(id).sort());
  });
});
