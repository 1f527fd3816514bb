/** Offline manifest validator: re-exports only. */
export { assertValidManifests, manifestIssues, supportedKinds, validateManifest, validateManifests } from './validate';
export type { Issue } from './issues';
export { plainValueIssues } from './plain-values';
