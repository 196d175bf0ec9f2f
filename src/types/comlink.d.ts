// comlink ships ESM builds without an `exports` map; these declare the ESM paths we import
// (the package's main entry is a UMD bundle that Node's ESM loader cannot take names from).
declare module 'comlink/dist/esm/comlink.mjs' {
  export * from 'comlink';
}
declare module 'comlink/dist/esm/node-adapter.mjs' {
  import type { Endpoint } from 'comlink';
  export default function nodeEndpoint(port: unknown): Endpoint;
}
