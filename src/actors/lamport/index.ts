export { lamportVm, type LamportVmInput, type LamportLogEntry, type LamportContext } from './vm.ts';
export { lamportChecks } from './checks.ts';
