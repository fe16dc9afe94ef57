import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

/** file (relative to the root, with /) → the files it imports (same form); with loadedAtStart, packages by name too. */
export type ImportGraph = Map<string, string[]>

/**
 * Every relative import of each .ts file under `root`: `import`, `import type`,
 * `export … from` and `import()`. Type-only imports count too: a type that
 * has to come back from a module's own importer is the same knot in the design,
 * even though the compiler erases it.
 */
export function importGraph(root: string, options: { loadedAtStart?: boolean } = {}): ImportGraph {
  const files = listTs(root)
  const known = new Set(files)
  const graph: ImportGraph = new Map()
  for (const file of files) {
    const text = readFileSync(path.join(root, file), 'utf8')
    const found = options.loadedAtStart ? staticImports(file, text) : ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName)
    const targets = new Set<string>()
    for (const spec of found) {
      const target = spec.startsWith('.') ? resolveSpecifier(file, spec, known) : spec.startsWith('node:') ? undefined : spec
      if (target) targets.add(target)
    }
    graph.set(file, [...targets].sort())
  }
  return graph
}

/**
 * What loading the module loads with it: its value imports and re-exports,
 * relative or packages (not `node:` built-ins). Type-only imports are erased
 * and `import()` loads later, so neither counts.
 */
function staticImports(file: string, text: string): string[] {
  const out: string[] = []
  for (const st of ts.createSourceFile(file, text, ts.ScriptTarget.ES2022).statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause
      const typeOnly = clause?.isTypeOnly || (clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.every((e) => e.isTypeOnly))
      if (!typeOnly) out.push((st.moduleSpecifier as ts.StringLiteral).text)
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && !st.isTypeOnly) out.push((st.moduleSpecifier as ts.StringLiteral).text)
  }
  return out
}

/** Every file and package `start` loads, itself included. */
export function loadedWith(graph: ImportGraph, start: string): Set<string> {
  const seen = new Set([start])
  const queue = [start]
  while (queue.length) for (const to of graph.get(queue.shift()!) ?? []) if (!seen.has(to)) (seen.add(to), queue.push(to))
  return seen
}

function listTs(root: string, dir = ''): string[] {
  const out: string[] = []
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name
    if (entry.isDirectory()) out.push(...listTs(root, rel))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel)
  }
  return out.sort()
}

/** `./x.js` → x.ts, `./dir` / `./dir/index.js` → dir/index.ts, as the compiler resolves them. */
function resolveSpecifier(from: string, spec: string, known: Set<string>): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec))
  const stem = base.replace(/\.(js|ts|mjs)$/, '')
  for (const candidate of [`${stem}.ts`, `${stem}/index.ts`]) if (known.has(candidate)) return candidate
  return undefined
}

/**
 * The import cycles of a graph: each strongly connected component of more than
 * one file (or a file importing itself), given as its files and one cycle
 * through them to read it by.
 */
export function importCycles(graph: ImportGraph): { files: string[]; cycle: string[] }[] {
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  // Tarjan's algorithm, iterative so a long chain of imports cannot overflow the stack
  for (const start of graph.keys()) {
    if (indexOf.has(start)) continue
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }]
    indexOf.set(start, index)
    low.set(start, index++)
    stack.push(start)
    onStack.add(start)
    while (work.length) {
      const top = work[work.length - 1]!
      const edges = graph.get(top.node) ?? []
      if (top.next < edges.length) {
        const to = edges[top.next++]!
        if (!indexOf.has(to)) {
          indexOf.set(to, index)
          low.set(to, index++)
          stack.push(to)
          onStack.add(to)
          work.push({ node: to, next: 0 })
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, indexOf.get(to)!))
        continue
      }
      work.pop()
      if (work.length) {
        const parent = work[work.length - 1]!.node
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!))
      }
      if (low.get(top.node) === indexOf.get(top.node)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== top.node)
        const selfLoop = component.length === 1 && (graph.get(component[0]!) ?? []).includes(component[0]!)
        if (component.length > 1 || selfLoop) components.push(component.sort())
      }
    }
  }
  return components.map((files) => ({ files, cycle: oneCycle(graph, files) })).sort((a, b) => a.files[0]!.localeCompare(b.files[0]!))
}

/** A shortest way from the component's first file back to itself, staying inside the component. */
function oneCycle(graph: ImportGraph, files: string[]): string[] {
  const inside = new Set(files)
  const start = files[0]!
  const cameFrom = new Map<string, string>()
  const queue = [start]
  while (queue.length) {
    const node = queue.shift()!
    for (const to of graph.get(node) ?? []) {
      if (!inside.has(to)) continue
      if (to === start) {
        const way = [node]
        while (way[0] !== start) way.unshift(cameFrom.get(way[0]!)!)
        return [...way, start]
      }
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node)
        queue.push(to)
      }
    }
  }
  return [start]
}
