import { copyFile, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { CacheService } from '../../src/action/sealed-cache.js'

/**
 * A directory standing in for the cache service, with its two rules: a key,
 * once saved, cannot be saved again, and restore by prefix yields the newest.
 * `paths` records the paths every call was given.
 */
export function directoryCache(root: string): CacheService & { keys: string[]; paths: string[] } {
  const keys: string[] = []
  const paths: string[] = []
  return {
    keys,
    paths,
    isFeatureAvailable: () => true,
    async saveCache(files, key) {
      paths.push(files[0]!)
      if (keys.includes(key)) throw new Error(`Unable to reserve cache with key ${key}`)
      await mkdir(root, { recursive: true })
      await copyFile(files[0]!, join(root, encodeURIComponent(key)))
      keys.push(key)
      return keys.length
    },
    async restoreCache(files, primaryKey, restoreKeys = []) {
      paths.push(files[0]!)
      for (const k of [primaryKey, ...restoreKeys]) {
        const hit = [...keys].reverse().find((saved) => saved.startsWith(k))
        if (hit) {
          await copyFile(join(root, encodeURIComponent(hit)), files[0]!)
          return hit
        }
      }
      return undefined
    }
  }
}
