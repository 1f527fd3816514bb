export { main } from './main';
export type { CliIO } from './main';
