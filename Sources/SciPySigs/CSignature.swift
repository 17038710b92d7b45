/// A C type as SciPy spells it in a capsule name: a base type name and a pointer depth.
public struct CType: Hashable, Sendable, CustomStringConvertible {
  /// The base type as written, with single spaces between words (`long long`, `unsigned int`, `npy_intp`).
  public var base: String
  public var pointerDepth: Int

  public init(_ base: String, pointerDepth: Int = 0) {
    self.base = base
    self.pointerDepth = pointerDepth
  }

  public static let void = CType("void")
  public static let voidPointer = CType("void", pointerDepth: 1)

  public var isPointer: Bool { pointerDepth > 0 }
  public var isVoidPointer: Bool { base == "void" && pointerDepth == 1 }

  /// The type one level of indirection down (`double *` → `double`).
  public var pointee: CType? { pointerDepth > 0 ? CType(base, pointerDepth: pointerDepth - 1) : nil }

  /// SciPy's spelling: `double`, `double *`, `double **`.
  public var description: String {
    pointerDepth == 0 ? base : base + " " + String(repeating: "*", count: pointerDepth)
  }
}

/// A C function type in SciPy's capsule-name spelling: `double (int, double *, void *)`.
public struct CSignature: Hashable, Sendable, CustomStringConvertible {
  public var result: CType
  public var parameters: [CType]

  public init(result: CType, parameters: [CType]) {
    self.result = result
    self.parameters = parameters
  }

  /// The exact string SciPy compares capsule names with.
  public var description: String {
    "\(result) (\(parameters.map(\.description).joined(separator: ", ")))"
  }

  /// Reads a signature leniently: any spacing, `T*` or `T *`, `(void)` for no parameters. Returns nil when
  /// the text is not a C function type of the form `RET (ARGS)`.
  public init?(parsing text: String) {
    var tokens: [String] = []
    var word = ""
    func flush() {
      if !word.isEmpty { tokens.append(word) }
      word = ""
    }
    for ch in text {
      if ch == "(" || ch == ")" || ch == "," || ch == "*" {
        flush()
        tokens.append(String(ch))
      } else if ch == " " || ch == "\t" || ch == "\n" {
        flush()
      } else if ch.isLetter || ch.isNumber || ch == "_" {
        word.append(ch)
      } else {
        return nil
      }
    }
    flush()
    guard let open = tokens.firstIndex(of: "("), tokens.last == ")" else { return nil }
    guard let result = CType(tokens: tokens[..<open]) else { return nil }
    let inner = Array(tokens[(open + 1)..<(tokens.count - 1)])
    var params: [CType] = []
    if !inner.isEmpty && inner != ["void"] {
      var current: [String] = []
      for token in inner + [","] {
        if token == "," {
          guard let type = CType(tokens: current[...]) else { return nil }
          params.append(type)
          current = []
        } else if token == "(" || token == ")" {
          return nil
        } else {
          current.append(token)
        }
      }
    }
    self.init(result: result, parameters: params)
  }
}

extension CType {
  /// Words then stars: `unsigned long *` → base `unsigned long`, depth 1. Rejects stars between words.
  init?(tokens: ArraySlice<String>) {
    var words: [String] = []
    var depth = 0
    for token in tokens {
      if token == "*" {
        depth += 1
      } else if depth > 0 {
        return nil
      } else {
        words.append(token)
      }
    }
    guard !words.isEmpty else { return nil }
    self.init(words.joined(separator: " "), pointerDepth: depth)
  }
}
