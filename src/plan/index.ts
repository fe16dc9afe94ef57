export {
  plan,
  PLAN_ACTION_KINDS,
  DIRECT_POSTS_PER_DAY,
  INBOX_DRAFTS_PER_24H,
  UNAUDITED_ACCOUNTS_PER_24H,
  CREATOR_CACHE_MAX_AGE_MS,
  DEFAULT_MAX_ATTEMPTS,
  type Plan,
  type PlanAction,
  type PlanActionKind,
  type PlanInput,
  type MediaFacts
} from './plan.js'
export { renderPlanTable } from './render.js'
