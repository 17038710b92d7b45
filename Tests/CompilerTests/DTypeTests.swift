import Foundation
import Testing
import ThranTypes

/// The DType table against the real NumPy and ctypes of this machine: sizes, kinds, type characters, buffer
/// formats, alias names and NEP 50 promotion.
@Suite struct DTypeTests {
  /// NumPy's and ctypes' answers for every name the table knows, as JSON.
  static let oracle: [String: [String: String]] = {
    let script = """
      import ctypes, json, sys
      import numpy as np
      names = json.load(sys.stdin)
      out = {"dtypes": {}, "numpy": {}, "ctypes": {}, "promote": {}}
      for n in names["dtypes"]:
          d = np.dtype(n)
          out["dtypes"][n] = "%d %s %s %s" % (d.itemsize, d.kind, d.char, memoryview(np.zeros(1, d)).format)
      for n in names["numpy"]:
          out["numpy"][n] = np.dtype(getattr(np, n)).name if hasattr(np, n) else "missing"
      for n in names["ctypes"]:
          c = getattr(ctypes, n)
          out["ctypes"][n] = np.dtype(c).name
      for a in names["dtypes"]:
          for b in names["dtypes"]:
              out["promote"][a + "," + b] = np.result_type(np.dtype(a), np.dtype(b)).name
      json.dump(out, sys.stdout)
      """
    let names: [String: [String]] = [
      "dtypes": DType.allCases.map(\.numpyName),
      "numpy": Array(DType.numpyAliases.keys),
      "ctypes": DType.allCases.compactMap(\.ctypesName) + Array(DType.ctypesAliases.keys),
    ]
    guard let input = try? JSONSerialization.data(withJSONObject: names),
      let data = try? CPython.run(["python3", "-c", script], stdin: input),
      let object = try? JSONDecoder().decode([String: [String: String]].self, from: data)
    else { return [:] }
    return object
  }()

  static func table(_ key: String) -> [String: String] { oracle[key] ?? [:] }

  static let kindLetters: [DType.Kind: String] = [
    .bool: "b", .signedInteger: "i", .unsignedInteger: "u", .floating: "f", .complex: "c",
  ]

  @Test(arguments: DType.allCases)
  func factsMatchNumPy(_ d: DType) throws {
    let facts = try #require(DTypeTests.table("dtypes")[d.numpyName]).split(separator: " ").map(String.init)
    let kind = DTypeTests.kindLetters[d.kind] ?? "?"
    #expect(facts == ["\(d.itemSize)", kind, d.typeChar, d.bufferFormat])
  }

  @Test func numpyAliasesNameTheSameDType() {
    let names = DTypeTests.table("numpy")
    #expect(names.count == DType.numpyAliases.count)
    for (alias, d) in DType.numpyAliases {
      #expect(names[alias] == d.numpyName, "np.\(alias)")
      #expect(DType(numpyName: alias) == d)
    }
  }

  @Test func ctypesClassesHaveTheirNumPyDType() {
    let names = DTypeTests.table("ctypes")
    #expect(!names.isEmpty)
    for (name, numpy) in names {
      #expect(DType(ctypesName: name)?.numpyName == numpy, "ctypes.\(name)")
    }
  }

  @Test func promotionIsNumPys() {
    let expected = DTypeTests.table("promote")
    #expect(expected.count == DType.allCases.count * DType.allCases.count)
    for a in DType.allCases {
      for b in DType.allCases {
        #expect(DType.promote(a, b).numpyName == expected["\(a),\(b)"], "\(a) + \(b)")
      }
    }
  }

  @Test func exportNamesReadAsPythranDoes() {
    #expect(DType(exportName: "float") == .float64)
    #expect(DType(exportName: "intc") == .int32)
    #expect(DType(exportName: "uintp") == .uint64)
    #expect(DType(exportName: "byte") == .int8)
    #expect(DType(exportName: "float128") == nil)
    #expect(DType(exportName: "str") == nil)
  }
}
