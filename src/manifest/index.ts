export * from './model.js'
export { loadManifest, findRepositoryRoot, type LoadManifestOptions } from './load.js'
export {
  manifestSchema,
  includeFileSchema,
  postSchema,
  appSchema,
  accountSchema,
  defaultsSchema,
  type RawManifest,
  type RawPost
} from './schema.js'
export { renderJsonSchema } from './json-schema.js'
export { locate as manifestLocationOf, readYamlFile, displayPath, type YamlSource } from './yaml-source.js'
export { looksLikeToken, parseInstant, parseWindow, matchesPullPrefix, SECRET_NAME_RE, POST_ID_RE, CAPTION_MAX } from './checks.js'
