export {
  CloseCode,
  describeCloseCode,
  FATAL_CLOSE_CODES,
  REFUSED_CHANGE_CLOSE_CODES,
} from './protocol/closeCodes.ts'
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
  DOCUMENT_RECORD_TYPES,
  getDocSchema,
  getMetaMap,
  getRecordsMap,
  isDocumentRecordId,
  LAST_VERSION_KEY,
  META_ROOT,
  migrateRoomDoc,
  readLastVersion,
  readRoomTitle,
  RECORDS_ROOT,
  SCHEMA_KEY,
  seedRoomDoc,
  SERVER_ORIGIN,
  TITLE_KEY,
} from './doc/roomDoc.ts'
export type { CompareResult, MigrateOutcome, RecordSchema } from './doc/roomDoc.ts'
export { createBoardSchema, FIRST_PAGE_ID, initialBoardRecords } from './doc/tldrawSchema.ts'
export { MAX_BOARD_NUMBER, recordOutOfRange } from './doc/boardRange.ts'
export {
  bindingLoops,
  drawnRecords,
  isDrawnShape,
  MAX_SHAPE_DEPTH,
  parentChainFault,
  readDrawnRecords,
} from './doc/drawnRecords.ts'
export {
  EntityIdSchema,
  LEVELS,
  NameSchema,
  UrlSchema,
  withoutUnsafeNameChars,
} from './domain/common.ts'
export { newEntityId } from './domain/ids.ts'
export {
  parseTicketInput,
  ticketHref,
  TicketKeySchema,
  TicketUrlTemplateSchema,
} from './domain/ticket.ts'
export type { TicketInput } from './domain/ticket.ts'
export type { Level } from './domain/common.ts'
export {
  DFD_ELEMENT_KINDS,
  STRIDE,
  STRIDE_INFO,
  STRIDE_PER_ELEMENT,
  STRIDE_PROMPTS,
  StrideCategorySchema,
} from './domain/stride.ts'
export type { DfdElementKind, StrideCategory, StrideInfo } from './domain/stride.ts'
export { ASSET_KINDS, AssetSchema, SENSITIVITIES } from './domain/asset.ts'
export type { Asset, AssetKind, Sensitivity } from './domain/asset.ts'
export {
  SEVERITIES,
  SEVERITY_RANK,
  severityFromRisk,
  SeveritySchema,
  THREAT_STATUSES,
  ThreatSchema,
  ThreatTargetsSchema,
} from './domain/threat.ts'
export type { Severity, Threat, ThreatStatus } from './domain/threat.ts'
export {
  ExceptionSchema,
  missingThreats,
  PRIORITIES,
  PRIORITY_MEANING,
  PRIORITY_RANK,
  RECOMMENDATION_STATUS_RANK,
  RECOMMENDATION_STATUSES,
  RecommendationSchema,
} from './domain/recommendation.ts'
export type { Priority, Recommendation, RecommendationStatus } from './domain/recommendation.ts'
export {
  MAX_PARTICIPANT_NAME,
  MAX_PARTICIPANTS,
  PARTICIPANT_ROLES,
  ParticipantSchema,
  SESSION_SIZE_INFO,
  SESSION_SIZES,
  SessionSchema,
  TEAM_PHASES,
} from './domain/session.ts'
export type { Session, SessionSize, TeamPhase } from './domain/session.ts'
export {
  HINT_STATES,
  HintSchema,
  HintTargetSchema,
  REVIEW_VERDICTS,
  ReviewSchema,
} from './domain/hint.ts'
export type { Hint, Review } from './domain/hint.ts'
export {
  deleteEntity,
  findEntityProblem,
  findModelProblem,
  getCollection,
  getSessionMap,
  MODEL_ROOTS,
  ModelError,
  parseEntity,
  patchEntity,
  readCollection,
  readEntity,
  readSession,
  SERVER_ONLY_ROOTS,
  writeEntity,
  writeSession,
} from './doc/modelDoc.ts'
export type { Collection, ModelRootKey, ModelRootName } from './doc/modelDoc.ts'
export { CLIENT_MODEL_ROOTS, SERVER_WRITTEN_ROOTS } from './doc/serverRoots.ts'
export { restoreRoomDoc } from './doc/restoreDoc.ts'
export {
  ANCHOR_BINDING,
  anchorBindingProps,
  ASSET_PIN,
  dataFlowIds,
  assetPinProps,
  BOARD_BINDING_SCHEMAS,
  BOARD_SHAPE_SCHEMAS,
  DFD_NODE,
  DFD_NODE_KINDS,
  dfdNodeProps,
  readDataFlowMeta,
  THREAT_CARD,
  threatCardProps,
  TRUST_BOUNDARY,
  trustBoundaryProps,
} from './shapes/boardShapes.ts'
export type {
  AssetPinShape,
  DataFlowMeta,
  DfdNodeKind,
  DfdNodeShape,
  ThreatCardShape,
  TrustBoundaryShape,
} from './shapes/boardShapes.ts'
export {
  CARD,
  cardSpots,
  COVERAGE_ROW,
  edgesOf,
  firstFreeSpot,
  segmentsOf,
} from './shapes/cardSpots.ts'
export { count } from './text/count.ts'
export { issueProblem, schemaProblem } from './text/schemaProblem.ts'
export type { CardOffset, KeepClearOf, Rect, Segment } from './shapes/cardSpots.ts'
export { ROLES } from './api/access.ts'
export type { CreatedRoom, Role, RoomWithRole } from './api/access.ts'
export {
  emptyModel,
  InteropError,
  plainText,
  type Box,
  type FlowEnd,
  type ImportResult,
  type InteropBoundary,
  type InteropElement,
  type InteropFlow,
  type InteropModel,
  type InteropNote,
  type InteropThreat,
} from './interop/model.ts'
export { readModelFromDoc, writeModelToDoc } from './interop/board.ts'
export { fromThreatDragon, toThreatDragon } from './interop/threatDragon.ts'
export { fromOtm, toOtm } from './interop/otm.ts'
export { fromTmBom } from './interop/tmBom.ts'
export { INTEROP_FORMATS, type InteropFormat } from './interop/formats.ts'
export { plainToRichText, richTextToPlain } from './interop/richText.ts'
export {
  DataFlowPropertiesSchema,
  DataStorePropertiesSchema,
  ELEMENT_PROPERTY_SCHEMAS,
  elementKindOf,
  ExternalEntityPropertiesSchema,
  parseElementProperties,
  PRIVILEGE_LEVELS,
  ProcessPropertiesSchema,
  PROPERTIES_KEY,
  readElementProperties,
  withElementProperties,
} from './guidance/elementProperties.ts'
export type {
  DataFlowProperties,
  DataStoreProperties,
  ElementProperties,
  ElementPropertiesByKind,
  ExternalEntityProperties,
  PrivilegeLevel,
  ProcessProperties,
} from './guidance/elementProperties.ts'
export { buildDiagramFacts, diagramLayout, sameLayout } from './guidance/diagramFacts.ts'
export type {
  DataStoreFacts,
  DiagramFacts,
  DiagramLayout,
  ElementFacts,
  ExternalEntityFacts,
  FlowFacts,
  NodeElementFacts,
  ProcessFacts,
} from './guidance/diagramFacts.ts'
export type { FactsOf, GuidanceRule } from './guidance/rule.ts'
export { GUIDANCE_RULES, type AnyGuidanceRule } from './guidance/rules/guidanceRules.ts'
export {
  applicableSuggestions,
  consideredFrom,
  coveredKey,
  dismissedKey,
  NOTHING_CONSIDERED,
  notConsidered,
  suggest,
} from './guidance/suggest.ts'
export type { Considered, Suggestion } from './guidance/suggest.ts'
export {
  propertiesFromOtm,
  propertiesFromThreatDragon,
  propertiesFromThreatDragonCell,
} from './guidance/fromInterop.ts'
export type { InteropProperties } from './guidance/fromInterop.ts'
export { DISMISSED_PREFIX, dismissalMeta, readDismissals } from './guidance/dismissals.ts'
export { suggestForRoom } from './guidance/roomSuggestions.ts'
export {
  findTemplate,
  STARTER_TEMPLATES,
  templateSummaries,
  writeTemplateToDoc,
} from './templates/starterTemplates.ts'
export type { TemplateSummary } from './templates/starterTemplates.ts'
export { templateToModel } from './templates/templateModel.ts'
export { TEMPLATE_IDS } from './templates/templateIds.ts'
export type { TemplateId } from './templates/templateIds.ts'
export type { ExpertThreat, TemplateSpec } from './templates/templateModel.ts'
export {
  compareTraining,
  CreateTrainingBodySchema,
  MAX_TRAINING_GROUPS,
  newTrainingRecord,
  readGroupFindings,
  readTraining,
  readTrainingOf,
  templateElementNames,
  TRAINING_KEY,
  TRAINING_OF_KEY,
  TrainingRecordSchema,
} from './templates/training.ts'
export type {
  CreateTrainingBody,
  Found,
  GroupFindings,
  TopThreat,
  TrainingComparison,
  TrainingOf,
  TrainingRecord,
} from './templates/training.ts'
export {
  COVERAGE_KIND_LABEL,
  coverageForRoom,
  coverageLine,
  elementCoverage,
  missingCategories,
  summarizeCoverage,
} from './guidance/elementCoverage.ts'
export type { CoverageCount, CoverageSummary, ElementCoverage } from './guidance/elementCoverage.ts'
export {
  NONE_FOUND_PREFIX,
  noneFoundKey,
  readNoneFound,
  withNoneFound,
} from './guidance/noneFound.ts'
