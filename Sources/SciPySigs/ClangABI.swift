import CClang
import Foundation

/// C type facts read from libclang: each type name parsed as the target's C compiler sees it, with
/// `<stdint.h>`, `<stddef.h>` and (for the host) Python's and NumPy's own headers, so that `npy_intp`,
/// `intptr_t`, `long` and `long long` resolve to what they really are. Results are cached on disk: a parse
/// including Python.h costs 40–50 ms.
public enum ClangABI {
  /// The names asked about: C's scalar types, `<stdint.h>`/`<stddef.h>` typedefs and NumPy's.
  public static let standardNames = [
    "char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int", "long",
    "unsigned long", "long long", "unsigned long long", "float", "double", "long double", "_Bool", "int8_t", "uint8_t",
    "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "intptr_t", "uintptr_t", "size_t",
    "ptrdiff_t", "npy_intp", "npy_uintp", "Py_ssize_t",
  ]
  static let numpyNames = [
    "npy_int8", "npy_uint8", "npy_int16", "npy_uint16", "npy_int32", "npy_uint32", "npy_int64", "npy_uint64",
    "npy_float32", "npy_float64", "npy_double", "npy_float", "npy_long", "npy_ulong", "npy_longlong", "npy_int",
    "npy_uint", "npy_short", "npy_byte", "npy_ubyte", "npy_bool",
  ]

  /// libclang's version string (Debian's libclang-14 here, not the Swift toolchain's own clang).
  public static func version() -> String {
    let s = clang_getClangVersion()
    defer { clang_disposeString(s) }
    return clang_getCString(s).map { String(cString: $0) } ?? ""
  }

  public struct Facts: Codable, Equatable, Sendable {
    public var triple: String
    public var version: String
    public var usedNumPyHeaders: Bool
    public var types: [String: Entry]

    public struct Entry: Codable, Equatable, Sendable {
      public var kind: String
      public var size: Int
    }

    public func scalar(_ name: String) -> ScalarABI? {
      guard let e = types[name], let kind = ScalarABI.Kind(rawValue: e.kind) else { return nil }
      return ScalarABI(kind, e.size)
    }
  }

  /// Facts for `triple`, from the cache when present. `pythonInclude`/`numpyInclude` are used for the host
  /// target only: another target's Python headers are not on this machine, so NumPy's typedefs are declared
  /// as NumPy declares them (`npy_intp` is `Py_ssize_t`, which is `intptr_t`'s size and signedness).
  public static func facts(
    triple: String, pythonInclude: String?, numpyInclude: String?, cacheDirectory: URL?
  ) -> Facts? {
    let useNumPy = pythonInclude != nil && numpyInclude != nil
    let version = version()
    let key = [triple, version, pythonInclude ?? "", numpyInclude ?? ""].joined(separator: "|")
    let cacheFile = cacheDirectory?.appendingPathComponent("abi-\(stableHash(key)).json")
    if let cacheFile, let data = try? Data(contentsOf: cacheFile),
      let cached = try? JSONDecoder().decode(Facts.self, from: data), cached.triple == triple, cached.version == version
    {
      return cached
    }
    let names = standardNames + (useNumPy ? numpyNames : [])
    var source: String
    if useNumPy {
      source = "#include <stdint.h>\n#include <stddef.h>\n"
      source += "#define PY_SSIZE_T_CLEAN\n#include <Python.h>\n#include <numpy/npy_common.h>\n"
    } else {
      // Another platform's C library is not installed here: the typedefs come from the macros clang predefines
      // for the target's data model, which are what that platform's <stdint.h> builds on.
      source = """
        typedef __INT8_TYPE__ int8_t; typedef __UINT8_TYPE__ uint8_t;
        typedef __INT16_TYPE__ int16_t; typedef __UINT16_TYPE__ uint16_t;
        typedef __INT32_TYPE__ int32_t; typedef __UINT32_TYPE__ uint32_t;
        typedef __INT64_TYPE__ int64_t; typedef __UINT64_TYPE__ uint64_t;
        typedef __INTPTR_TYPE__ intptr_t; typedef __UINTPTR_TYPE__ uintptr_t;
        typedef __SIZE_TYPE__ size_t; typedef __PTRDIFF_TYPE__ ptrdiff_t;
        typedef intptr_t Py_ssize_t; typedef Py_ssize_t npy_intp; typedef size_t npy_uintp;

        """
    }
    for (i, name) in names.enumerated() { source += "typedef \(name) thran_q\(i);\n" }
    var args = ["-x", "c", "-std=c11", "-target", triple]
    if useNumPy, let p = pythonInclude, let n = numpyInclude {
      args += ["-I", p, "-I", n]
    }
    guard let found = parse(source: source, arguments: args, count: names.count) else { return nil }
    var types: [String: Facts.Entry] = [:]
    for (i, name) in names.enumerated() {
      if let (kind, size) = found[i] { types[name] = Facts.Entry(kind: kind.rawValue, size: size) }
    }
    let facts = Facts(triple: triple, version: version, usedNumPyHeaders: useNumPy, types: types)
    if let cacheFile, let data = try? JSONEncoder().encode(facts) { CacheFile.write(data, to: cacheFile) }
    return facts
  }

  final class Collector {
    var found: [Int: (ScalarABI.Kind, Int)] = [:]
  }

  static func parse(source: String, arguments: [String], count: Int) -> [Int: (ScalarABI.Kind, Int)]? {
    guard let index = clang_createIndex(0, 0) else { return nil }
    defer { clang_disposeIndex(index) }
    let fileName = "thran_abi.c"
    let collector = Collector()
    let ok: Bool = fileName.withCString { name in
      source.withCString { contents in
        var unsaved = CXUnsavedFile(Filename: name, Contents: contents, Length: UInt(strlen(contents)))
        let cArgs = arguments.map { strdup($0) }
        defer { for a in cArgs { free(a) } }
        var argv: [UnsafePointer<CChar>?] = cArgs.map { UnsafePointer($0) }
        let unit = argv.withUnsafeMutableBufferPointer { buffer in
          clang_parseTranslationUnit(
            index, name, buffer.baseAddress, Int32(buffer.count), &unsaved, 1,
            UInt32(THRAN_CXTranslationUnit_SkipFunctionBodies | THRAN_CXTranslationUnit_Incomplete))
        }
        guard let unit else { return false }
        defer { clang_disposeTranslationUnit(unit) }
        let cursor = clang_getTranslationUnitCursor(unit)
        let box = Unmanaged.passUnretained(collector).toOpaque()
        clang_visitChildren(
          cursor,
          { child, _, data in
            guard clang_getCursorKind(child) == Int32(THRAN_CXCursor_TypedefDecl), let data else {
              return Int32(THRAN_CXChildVisit_Continue)
            }
            let spelling = clang_getCursorSpelling(child)
            let name = clang_getCString(spelling).map { String(cString: $0) } ?? ""
            clang_disposeString(spelling)
            // A name the headers do not declare makes an invalid typedef (recovered as int): skip it.
            if name.hasPrefix("thran_q"), let i = Int(name.dropFirst("thran_q".count)),
              clang_isInvalidDeclaration(child) == 0
            {
              let type = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(child))
              let size = clang_Type_getSizeOf(type)
              if let kind = ClangABI.kind(of: type.kind), size > 0 {
                Unmanaged<Collector>.fromOpaque(data).takeUnretainedValue().found[i] = (kind, Int(size))
              }
            }
            return Int32(THRAN_CXChildVisit_Continue)
          }, box)
        return true
      }
    }
    return ok ? collector.found : nil
  }

  static func kind(of typeKind: Int32) -> ScalarABI.Kind? {
    switch typeKind {
    case Int32(THRAN_CXType_Bool), Int32(THRAN_CXType_Char_U), Int32(THRAN_CXType_UChar),
      Int32(THRAN_CXType_UShort), Int32(THRAN_CXType_UInt), Int32(THRAN_CXType_ULong),
      Int32(THRAN_CXType_ULongLong), Int32(THRAN_CXType_UInt128):
      return .unsignedInteger
    case Int32(THRAN_CXType_Char_S), Int32(THRAN_CXType_SChar), Int32(THRAN_CXType_Short),
      Int32(THRAN_CXType_Int), Int32(THRAN_CXType_Long), Int32(THRAN_CXType_LongLong),
      Int32(THRAN_CXType_Int128):
      return .signedInteger
    case Int32(THRAN_CXType_Float), Int32(THRAN_CXType_Double),
      Int32(THRAN_CXType_LongDouble):
      return .floating
    default:
      return nil
    }
  }

}
