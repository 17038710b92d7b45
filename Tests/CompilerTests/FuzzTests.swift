import Compiler
import Foundation
import Testing

/// SplitMix64: a tiny, seedable generator so every run mutates the same way.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite("Fuzzing: every input ends in a tree or a located diagnostic")
struct FuzzTests {
  /// Real files to mutate: the repository's examples and a fixed slice of the stdlib.
  static func corpus() -> [[UInt8]] {
    var files: [[UInt8]] = []
    let root = "/" + #filePath.split(separator: "/").dropLast(3).joined(separator: "/")
    for name in ["examples/testlib.py", "examples/example.py"] {
      if let d = FileManager.default.contents(atPath: "\(root)/\(name)") { files.append([UInt8](d)) }
    }
    let stdlib = CPython.stdlibPath
    for name in [
      "ast.py", "textwrap.py", "fractions.py", "dataclasses.py", "string.py", "shlex.py", "heapq.py", "bisect.py",
      "colorsys.py", "enum.py", "statistics.py", "test/test_grammar.py", "test/test_fstring.py",
      "test/test_patma.py", "tokenize.py", "json/decoder.py", "asyncio/tasks.py", "re/_parser.py",
    ] {
      if let d = FileManager.default.contents(atPath: "\(stdlib)/\(name)") { files.append([UInt8](d)) }
    }
    return files
  }

  static let deepInputs: [String] = [
    String(repeating: "(", count: 5000) + "x", String(repeating: "[", count: 300) + String(repeating: "]", count: 300),
    String(repeating: "-", count: 100_000) + "x\n", String(repeating: "not ", count: 50_000) + "x\n",
    String(repeating: "lambda: ", count: 20_000) + "0\n", "x = " + String(repeating: "2 ** ", count: 50_000) + "2\n",
    "x" + String(repeating: "[0]", count: 20_000) + "\n", "x" + String(repeating: ".a", count: 20_000) + "\n",
    String(repeating: "a if b else ", count: 20_000) + "c\n",
    "x = " + String(repeating: "1 + ", count: 100_000) + "1\n",
    String(repeating: "f'{", count: 50) + "x" + String(repeating: "}'", count: 50) + "\n",
    (0..<150).map { String(repeating: " ", count: $0) + "if x:\n" }.joined() + String(repeating: " ", count: 150)
      + "pass\n",
    String(repeating: "@d\n", count: 10_000) + "def f(): pass\n", String(repeating: "\\\n", count: 1000),
    "match x:\n case " + String(repeating: "[", count: 150) + "a" + String(repeating: "]", count: 150) + ": pass\n",
    "x = {" + String(repeating: "**a, ", count: 10_000) + "}\n", String(repeating: "'", count: 7),
    "\u{FEFF}\u{FEFF}x = 1\n", "# coding: utf-16\n", "x = '\\N{", "f'{x!}'", "f'{x:{y:{z}}}'", "\t\u{0C} \tx\n  y\n",
  ]

  /// Token-ish boundaries: positions after spaces and punctuation, so swaps move whole tokens.
  static func boundaries(_ b: [UInt8]) -> [Int] {
    var result = [0]
    for (i, c) in b.enumerated() where c == 32 || c == 10 || c == 40 || c == 41 || c == 44 || c == 58 {
      result.append(i + 1)
    }
    return result
  }

  static func mutate(_ input: [UInt8], _ rng: inout SeededRandom) -> [UInt8] {
    var b = input
    guard !b.isEmpty else { return [UInt8.random(in: 0...255, using: &rng)] }
    let i = Int.random(in: 0..<b.count, using: &rng)
    let j = min(b.count, i + Int.random(in: 0...200, using: &rng))
    switch Int.random(in: 0..<7, using: &rng) {
    case 0:  // cut
      b.removeSubrange(i..<j)
    case 1:  // duplicate a range
      b.insert(contentsOf: Array(b[i..<j]), at: Int.random(in: 0...b.count, using: &rng))
    case 2:  // swap two token-sized pieces
      let cuts = boundaries(b)
      let a = cuts.randomElement(using: &rng) ?? 0
      let c = cuts.randomElement(using: &rng) ?? 0
      let (lo, hi) = (min(a, c), max(a, c))
      let width = min(Int.random(in: 1...12, using: &rng), b.count - hi)
      if width > 0 && lo + width <= hi {
        let first = Array(b[lo..<(lo + width)])
        let second = Array(b[hi..<(hi + width)])
        b.replaceSubrange(hi..<(hi + width), with: first)
        b.replaceSubrange(lo..<(lo + width), with: second)
      }
    case 3:  // random bytes
      for _ in 0..<Int.random(in: 1...8, using: &rng) {
        b.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...b.count, using: &rng))
      }
    case 4:  // truncate
      b.removeSubrange(i..<b.count)
    case 5:  // nest a slice deeply
      let open = [UInt8]("([{".utf8).randomElement(using: &rng) ?? 40
      b.insert(contentsOf: [UInt8](repeating: open, count: Int.random(in: 1...400, using: &rng)), at: i)
    default:  // structural characters
      let pieces = ["\n", "\t", ":", "'''", "\"", "f'{", "}", "\\", "\u{0C}", " async ", " match ", "*", "é", "\r"]
      b.insert(contentsOf: Array((pieces.randomElement(using: &rng) ?? ":").utf8), at: i)
    }
    return b
  }

  /// Parses; returns false only if the outcome is neither a tree nor a sane diagnostic.
  static func endsWell(_ bytes: [UInt8]) -> Bool {
    do {
      let source = try SourceFile(path: "fuzz.py", data: bytes)
      do {
        // Release the (possibly very deep) tree on a big stack, as a deep recursive release would need.
        let box = ModuleBox(try Parser.parse(source))
        runWithLargeStack { box.module = nil }
        return true
      } catch let d as Diagnostic {
        let lines = Int32(source.lineStarts.count)
        let rendered = d.rendered(in: source, style: .full)
        return d.range.start.line >= 1 && d.range.start.line <= lines + 1 && d.range.start.column >= 0
          && rendered.hasPrefix("fuzz.py:")
      }
    } catch is Diagnostic {
      return true
    } catch {
      return false
    }
  }

  @Test("thousands of mutated real files")
  func mutatedFiles() {
    let corpus = Self.corpus()
    #expect(corpus.count >= 10)
    var rng = SeededRandom(state: 20_261_125)
    var parsed = 0
    var count = 0
    for round in 0..<3000 {
      let base = corpus[round % corpus.count]
      var input = Self.mutate(base, &rng)
      if round % 3 == 0 { input = Self.mutate(input, &rng) }
      // Keep inputs small enough that the whole test stays fast.
      if input.count > 20_000 {
        let start = Int.random(in: 0..<(input.count - 20_000), using: &rng)
        input = Array(input[start..<(start + 20_000)])
      }
      count += 1
      if Self.endsWell(input) { parsed += 1 } else { Issue.record("bad outcome for input \(round)") }
    }
    #expect(parsed == count)
  }

  @Test("deeply nested and degenerate inputs")
  func deep() {
    for (i, text) in Self.deepInputs.enumerated() {
      #expect(Self.endsWell(Array(text.utf8)), "deep input #\(i): \(text.prefix(40).debugDescription)")
    }
  }

  @Test("random byte strings")
  func randomBytes() {
    var rng = SeededRandom(state: 7)
    for _ in 0..<1000 {
      let n = Int.random(in: 0...300, using: &rng)
      let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
      #expect(Self.endsWell(bytes))
    }
  }
}

final class ModuleBox: @unchecked Sendable {
  var module: Module?
  init(_ module: Module) { self.module = module }
}
