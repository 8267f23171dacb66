export { CloseCode, describeCloseCode, FATAL_CLOSE_CODES } from './protocol/closeCodes.ts'
export type { CloseCodeName, CloseCodeValue } from './protocol/closeCodes.ts'
export { MessageType } from './protocol/messageTypes.ts'
export type { MessageTypeValue } from './protocol/messageTypes.ts'
export { createRoomId, isRoomId, ROOM_ID_PATTERN, RoomIdSchema } from './protocol/roomId.ts'
export { DEFAULT_LIMITS } from './protocol/limits.ts'
export {
  CreateRoomBodySchema,
  MAX_TITLE_LENGTH,
  PatchRoomBodySchema,
  RoomTitleSchema,
} from './api/rooms.ts'
export type { ApiErrorBody, CreateRoomBody, PatchRoomBody, RoomSummary } from './api/rooms.ts'
export {
  jsonEqual,
  readAllRecords,
  readRecord,
  TRANSFORM_KEY,
  writeRecord,
} from './doc/recordMaps.ts'
export type { JsonRecord } from './doc/recordMaps.ts'
export {
  compareSchemas,
  getDocSchema,
  getMetaMap,
  getRecordsMap,
  META_ROOT,
  migrateRoomDoc,
  RECORDS_ROOT,
  SCHEMA_KEY,
  seedRoomDoc,
  SERVER_ORIGIN,
} from './doc/roomDoc.ts'
export type { CompareResult, MigrateOutcome, RecordSchema } from './doc/roomDoc.ts'
export { createBoardSchema, FIRST_PAGE_ID, initialBoardRecords } from './doc/tldrawSchema.ts'
