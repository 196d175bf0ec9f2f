/** The replicated chat system (SYSTEMS.md §4): servers, their stores, clients, and the history checker. */
export { chatServer, serverStep, type ServerEvent } from './server.ts';
export { chatStore, type ChatStoreInput } from './store.ts';
export { chatClient, clientQueueMax, type ChatClientInput } from './client.ts';
export { chatChecks, failoverTimes, lostSends, lostAccounts, deliveryOrder, singleLeaderAcks, failover, defaultChatCheckOptions, type ChatCheckOptions } from './checker.ts';
export { readHistory, type ChatHistory, type OpRecord, type Delivery, type Ack, type LeaderDeath } from './history.ts';
export { applyEntry, emptyChatState, matchesWildcard, mailboxMax, type ChatState } from './chatState.ts';
export { defaultServerTuning, initialServerContext, foldRecords, type ServerTuning, type ServerInput, type ServerContext } from './serverContext.ts';
export { nextWorkloadOps, defaultWorkload, type WorkloadOptions } from './workload.ts';
export * from './types.ts';
