import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { importCycles, importGraph } from './helpers/import-graph.js'
import { REPO_ROOT } from './helpers/workspace.js'

describe('import cycles', () => {
  it('src has none: every import of src/**/*.ts points one way', () => {
    const cycles = importCycles(importGraph(path.join(REPO_ROOT, 'src')))
    const report = cycles.map((c) => `${c.cycle.join(' → ')}${c.files.length > c.cycle.length - 1 ? `  (knot of ${c.files.length} files: ${c.files.join(', ')})` : ''}`)
    expect(report).toEqual([])
  })

  describe('the detector', () => {
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'tiktok-publish-cycles-'))
      const files: Record<string, string> = {
        'a.ts': "import { b } from './b.js'\nexport const a = b",
        'b.ts': "import type { C } from './sub/c.js'\nexport const b = 1\nexport type B = C",
        'sub/c.ts': "export * from '../a.js'\nexport type C = number",
        'd.ts': "import { a } from './a.js'\nimport x from 'node:path'\nexport const d = () => import('./sub/index.js')",
        'sub/index.ts': "import './e.js'\nexport const e = 1",
        'sub/e.ts': "import { e } from './index.js'\nconsole.log(e)",
        'self.ts': "import { s } from './self.js'\nexport const s = 1",
        'line.ts': "// import { d } from './d.js' is only a comment\nexport const z = `import('./d.js')`"
      }
      for (const [rel, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(dir, rel)), { recursive: true })
        await writeFile(path.join(dir, rel), text)
      }
    })
    afterAll(() => rm(dir, { recursive: true, force: true }))

    it('reads static, type-only, re-export and dynamic imports, and only relative ones', () => {
      const graph = importGraph(dir)
      expect(graph.get('a.ts')).toEqual(['b.ts'])
      expect(graph.get('b.ts')).toEqual(['sub/c.ts'])
      expect(graph.get('sub/c.ts')).toEqual(['a.ts'])
      expect(graph.get('d.ts')).toEqual(['a.ts', 'sub/index.ts'])
      expect(graph.get('line.ts')).toEqual([])
    })

    it('reports each knot with its files and a cycle through them, and nothing acyclic', () => {
      expect(importCycles(importGraph(dir))).toEqual([
        { files: ['a.ts', 'b.ts', 'sub/c.ts'], cycle: ['a.ts', 'b.ts', 'sub/c.ts', 'a.ts'] },
        { files: ['self.ts'], cycle: ['self.ts', 'self.ts'] },
        { files: ['sub/e.ts', 'sub/index.ts'], cycle: ['sub/e.ts', 'sub/index.ts', 'sub/e.ts'] }
      ])
    })
  })
})
