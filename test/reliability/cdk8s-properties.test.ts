/**
 * Property tests through the cdk8s renderer: random secret names, keys and values and random app graphs,
 * delivered out of band, sealed (with a test key) and by the External Secrets Operator. Fixed seed in CI
 * (fast-check prints seed and path on failure); `npm run fuzz` runs many more.
 */
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { checkPodSecurity, RECOMMENDED_DAPR_INJECTOR_CONFIG, renderApp } from '../../lib';
import { findLeaks } from '../../lib/testing';
import { splitSealed, unsealValue } from '../secrets/sealing/support/unseal';
import { rsaController, TestController } from '../secrets/sealing/support/keys';
import { runCreateSecretsScript } from '../support/fake-kubectl';
import { build, canariesOf, checkInvariants, Delivery, GraphSpec, graphSpec, propertyOptions, runs, sealGraph } from './support/graph';

interface Rendered {
  readonly files: Array<{ path: string; content: string }>;
  readonly objects: any[];
}

function render(g: GraphSpec, delivery: Delivery, sealed?: { sealedFile: string; certificate: string }): Rendered {
  const files = renderApp(build(g, delivery, sealed)).map((f: any) => ({ path: f.path, content: String(f.content) }));
  const objects = files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS()).filter(Boolean));
  return { files, objects };
}

/** Leaks of any value in any file, in any encoding, as `file: canary (encoding)`. */
function leaks(r: Rendered, canaries: Record<string, string>): string[] {
  return r.files.flatMap((f) => findLeaks(f.content, canaries).map((l) => `${f.path}: ${l.canary} (${l.encoding})`));
}

const options = propertyOptions;

let controller: TestController;
beforeAll(() => {
  controller = rsaController();
});

describe('out-of-band delivery', () => {
  test('no value in any output; every reference resolves; Role and scopes exact; pods pass Pod Security "restricted"; deterministic', () => {
    fc.assert(fc.property(graphSpec, (g) => {
      const first = render(g, 'out-of-band');
      expect(render(g, 'out-of-band').files).toEqual(first.files);
      expect(leaks(first, canariesOf(g))).toEqual([]);
      const script = first.files.find((f) => f.path.endsWith('create-secrets.sh'))!.content;
      const delivered = (name: string, key: string) => script.includes(` ${g.namespace}/${name} ${key}\n`);
      expect(checkInvariants(g, first.objects, delivered)).toEqual([]);
      expect(first.objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      expect(checkPodSecurity(first.objects, { injector: RECOMMENDED_DAPR_INJECTOR_CONFIG })).toEqual([]);
    }), options(runs(20)));
  });

  test('create-secrets.sh creates each Secret with the exact value, never on a command line', () => {
    fc.assert(fc.property(graphSpec, (g) => {
      const script = render(g, 'out-of-band').files.find((f) => f.path.endsWith('create-secrets.sh'))!.content;
      const env: Record<string, string> = {};
      for (const line of script.split('\n')) {
        const m = /^need (\S+) (\S+)\/(\S+) (\S+)$/.exec(line);
        if (!m) continue;
        const s = g.secrets.find((x) => x.name === m[3])!;
        env[m[1]] = s.values[s.keys.indexOf(m[4])];
      }
      const run = runCreateSecretsScript(script, env);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const docs = parseAllDocuments(run.applied).map((d) => d.toJS()).filter(Boolean);
      for (const s of g.secrets) {
        const doc = docs.find((d) => d.metadata.name === s.name);
        s.keys.forEach((k, j) => expect(Buffer.from(doc.data[k], 'base64').toString('utf8')).toBe(s.values[j]));
      }
      expect(findLeaks(run.argv, canariesOf(g))).toEqual([]);
    }), options(runs(4)));
  });
});

describe('sealed delivery (a test key)', () => {
  test('only ciphertext in any output, and it unseals to the exact value; references, Role and scopes exact; deterministic', () => {
    fc.assert(fc.property(graphSpec, (g) => {
      const sealed = sealGraph(g, controller);
      const first = render(g, 'sealed', sealed);
      expect(render(g, 'sealed', sealed).files).toEqual(first.files);
      expect(leaks(first, canariesOf(g))).toEqual([]);
      const sealedSecrets = first.objects.filter((o) => o.kind === 'SealedSecret');
      const delivered = (name: string, key: string) => sealedSecrets.some((o) => o.metadata.name === name && typeof o.spec.encryptedData?.[key] === 'string');
      expect(checkInvariants(g, first.objects, delivered)).toEqual([]);
      for (const s of g.secrets) {
        const obj = sealedSecrets.find((o) => o.metadata.name === s.name);
        s.keys.forEach((k, j) => {
          expect(splitSealed(obj.spec.encryptedData[k]).rsaCiphertext.length).toBeGreaterThan(0);
          expect(unsealValue(controller.privateKey, obj.spec.encryptedData[k], `${g.namespace}/${s.name}`).toString('utf8')).toBe(s.values[j]);
        });
      }
    }), options(runs(15)));
  });
});

describe('external delivery (External Secrets Operator)', () => {
  test('only remote references in any output; every key mapped; Role and scopes exact; deterministic', () => {
    fc.assert(fc.property(graphSpec, (g) => {
      const first = render(g, 'external');
      expect(render(g, 'external').files).toEqual(first.files);
      expect(leaks(first, canariesOf(g))).toEqual([]);
      const external = first.objects.filter((o) => o.kind === 'ExternalSecret');
      const delivered = (name: string, key: string) => external.some((o) => (o.spec.target?.name ?? o.metadata.name) === name
        && (o.spec.data ?? []).some((d: any) => d.secretKey === key && d.remoteRef?.key === `apps/${name}` && d.remoteRef?.property === key));
      expect(checkInvariants(g, first.objects, delivered)).toEqual([]);
    }), options(runs(20)));
  });
});
