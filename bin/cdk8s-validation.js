// The cdk8s CLI validation plugin of dapr-secure-constructs (see DaprSecureValidation). cdk8s.yaml:
//   validations:
//     - { package: ./node_modules/dapr-secure-constructs/bin/cdk8s-validation.js, version: 0.1.0, class: DaprSecureValidation }
// Installed as a dependency it uses the compiled module; in the project's own checkout the TypeScript sources
// through tsx, as bin/dapr-secure.js does.
'use strict';

const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const compiled = path.join(root, 'build', 'lib', 'gitops', 'cdk8s-validation.js');
const installed = root.split(path.sep).includes('node_modules');

if (installed && fs.existsSync(compiled)) {
  module.exports = require(compiled);
} else {
  require('tsx/cjs/api').register();
  module.exports = require(path.join(root, 'lib', 'gitops', 'cdk8s-validation.ts'));
}
