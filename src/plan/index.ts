export {
  plan,
  PLAN_ACTION_KINDS,
  PLAN_CODES,
  LIMIT_CODES,
  DIRECT_POSTS_PER_DAY,
  INBOX_DRAFTS_PER_24H,
  UNAUDITED_ACCOUNTS_PER_24H,
  CREATOR_CACHE_MAX_AGE_MS,
  DEFAULT_MAX_ATTEMPTS,
  type Plan,
  type PlanAction,
  type PlanActionKind,
  type PlanCode,
  type LimitCode,
  type PlanInput,
  type PlanMediaFacts
} from './plan.js'
export { hasWork, dueNow, goesOut } from './work.js'
export { checkCreator, CREATOR_CHECK_CODES, type CreatorCheck, type CreatorCheckCode, type CreatorCheckInput } from './creator.js'
export { renderPlanTable } from './render.js'
