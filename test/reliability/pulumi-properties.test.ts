/**
 * Property tests through the Pulumi renderer, under Pulumi's mocks: random graphs with their values as
 * Pulumi config secrets (and, for the other deliveries, nowhere in the program). Invariants: no value
 * outside a secret wrapper in anything sent to the engine, in any encoding; each Secret holds the exact
 * values; references, Role and scopes as with cdk8s; the same registrations on a second run.
 */
import * as pulumi from '@pulumi/pulumi';
import fc from 'fast-check';
import { pulumiConfigKey } from '../../lib';
import { renderToPulumi } from '../../lib/pulumi';
import { findUnwrappedSecrets, isPulumiSecret } from '../../lib/scan';
import { rsaController, TestController } from '../secrets/sealing/support/keys';
import { installMocks, MockRuntime, PROJECT } from '../pulumi/support/mock-runtime';
import { build, canariesOf, checkInvariants, Delivery, GraphSpec, graphSpec, propertyOptions, runs, sealGraph } from './support/graph';

let rt: MockRuntime;
let controller: TestController;

beforeAll(() => {
  rt = installMocks();
  controller = rsaController();
});

const registered = () => rt.registrations.filter((r) => r.custom && !r.type.startsWith('pulumi:providers:'));

/** Renders the graph with Pulumi (values as secret config for pulumi-config) and returns what the engine received. */
async function renderWithPulumi(g: GraphSpec, delivery: Delivery, sealed?: { sealedFile: string; certificate: string }) {
  rt.reset();
  const config: Record<string, string> = {};
  if (delivery === 'pulumi-config') {
    for (const s of g.secrets) s.keys.forEach((k, j) => { config[`${PROJECT}:${pulumiConfigKey(s.name, k)}`] = s.values[j]; });
  }
  pulumi.runtime.setAllConfig(config, Object.keys(config));
  renderToPulumi(build(g, delivery, sealed));
  await rt.settle();
  return {
    registrations: registered().map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, wire: r.wire })),
    everything: { registrations: rt.registrations.map((r) => ({ type: r.type, name: r.name, wire: r.wire, inputs: r.inputs, rest: r.rest, parent: r.parent })), outputs: rt.outputs },
  };
}

const options = propertyOptions;

describe.each<[Delivery, number]>([
  ['pulumi-config', 6],
  ['sealed', 8],
  ['external', 6],
  ['out-of-band', 6],
])('%s delivery through the Pulumi renderer', (delivery, ciRuns) => {
  test('no value unwrapped in anything sent to the engine; references, Role and scopes exact; deterministic', async () => {
    await fc.assert(fc.asyncProperty(graphSpec, async (g) => {
      const sealed = delivery === 'sealed' ? sealGraph(g, controller) : undefined;
      const first = await renderWithPulumi(g, delivery, sealed);
      const second = await renderWithPulumi(g, delivery, sealed);
      expect(JSON.stringify(second.registrations)).toBe(JSON.stringify(first.registrations));
      const canaries = canariesOf(g);
      expect(findUnwrappedSecrets(first.everything, canaries)).toEqual([]);
      const objects = first.registrations.map((r) => r.inputs);
      const secretOf = (name: string) => first.registrations.find((r) => r.type === 'kubernetes:core/v1:Secret' && r.name === `${g.namespace}/${name}`);
      const delivered = (name: string, key: string) => {
        if (delivery === 'pulumi-config') {
          const wire = secretOf(name)?.wire;
          return isPulumiSecret(wire?.stringData) && (wire.stringData.value as Record<string, string>)[key] === canaries[`${name}.${key}`];
        }
        if (delivery === 'out-of-band') return true; // create-secrets.sh brings them (run by the cdk8s property test); Pulumi registers no Secret
        if (delivery === 'sealed') return objects.some((o) => o?.kind === 'SealedSecret' && o.metadata.name === name && typeof o.spec.encryptedData?.[key] === 'string');
        return objects.some((o) => o?.kind === 'ExternalSecret' && (o.spec.target?.name ?? o.metadata.name) === name && o.spec.data.some((d: any) => d.secretKey === key));
      };
      expect(checkInvariants(g, objects.filter((o) => o?.kind !== 'Secret'), delivered)).toEqual([]);
      for (const s of g.secrets) for (const k of s.keys) expect(delivered(s.name, k)).toBe(true);
      if (delivery !== 'pulumi-config') expect(first.registrations.filter((r) => r.type === 'kubernetes:core/v1:Secret')).toEqual([]);
    }), options(runs(ciRuns)));
  });
});
