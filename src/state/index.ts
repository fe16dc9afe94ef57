export * from './schema.js'
export { emptyState, loadState, migrateState, parseState, saveState, serializeState } from './store.js'
export { deleteRecord, fingerprint, getAccountState, getRecord, setAccountState, setRecord } from './records.js'
export { mergeStates } from './merge.js'
