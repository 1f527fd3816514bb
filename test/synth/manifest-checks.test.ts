import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import { DaprApp, manifestProblems, renderApp } from '../../lib';
import { buildTaskApiApp } from '../../app/task-api';
import { renderErrors } from '../support/chart';

describe('manifest validation at synth', () => {
  test('the reference app passes', () => {
    expect(manifestProblems(buildTaskApiApp())).toEqual([]);
  });

  test('a core object that duplicates a DaprApp\'s is refused with both paths', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new DaprApp(chart, 'cart', { appId: 'x', image: 'cart:1' });
    new ApiObject(chart, 'extra-sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' } });
    expect(renderErrors(app)).toContain(
      '[shop/extra-sa] metadata.name: ServiceAccount "shop/x" is also written by shop/cart/ServiceAccount/Resource; applied together, one overwrites the other. Fix: give one of them another name or namespace',
    );
  });

  test('duplicates across two charts of one app are refused', () => {
    const app = new App();
    new DaprApp(new Chart(app, 'a', { namespace: 'shop' }), 'cart', { appId: 'cart', image: 'cart:1', appPort: 8080 });
    new ApiObject(new Chart(app, 'b', { namespace: 'shop' }), 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'cart' }, spec: { ports: [{ port: 80 }] } });
    expect(renderErrors(app)).toContain('[b/svc] metadata.name: Service "shop/cart" is also written by a/cart/Service/Resource');
  });

  test('the same name in another namespace is no duplicate', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new DaprApp(chart, 'cart', { appId: 'x', image: 'cart:1' });
    new ApiObject(chart, 'extra-sa', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x', namespace: 'other' } });
    expect(manifestProblems(app)).toEqual([]);
  });

  test('a schema problem names the construct path, the field and the value', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    const cart = new DaprApp(chart, 'cart', { appId: 'cart', image: 'cart:1' });
    ApiObject.of(cart.deployment).addJsonPatch(JsonPatch.replace('/spec/replicas', 'two'));
    expect(renderErrors(app)).toMatch(/\[shop\/cart\/Deployment\/Resource\] Deployment\/cart: \$\.spec\.replicas: .*integer.*\. Fix: change the prop \(or JSON patch\) that sets this field/);
  });

  test('kinds the validator does not know pass unchecked', () => {
    const app = new App();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new ApiObject(chart, 'cert', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'c' }, spec: { anything: true } });
    expect(manifestProblems(app)).toEqual([]);
    expect(renderApp(app).map((f) => f.path)).toEqual(['kustomization.yaml', 'shop.k8s.yaml']);
  });
});
