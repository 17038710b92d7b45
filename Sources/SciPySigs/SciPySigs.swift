/// What a capsule returns to its SciPy consumer when the Python-level code raised (the exception is left
/// pending for CPython), and what the consumer then does. Verified against SciPy 1.17.1 by
/// tests/e2e/test_capsule_errors.py.
public struct ErrorReturn: Hashable, Sendable {
  public enum Value: Hashable, Sendable {
    case nan
    case zero
    /// A `void` capsule returns nothing.
    case nothing
  }

  public var value: Value
  /// What the consumer does with it; empty for a capsule no consumer accepts.
  public var consequence: String

  /// The C expression the generated capsule returns; nil for `void`.
  public var cExpression: String? {
    switch value {
    case .nan: return "NAN"
    case .zero: return "0"
    case .nothing: return nil
    }
  }

  /// As TL104 and the documentation spell it.
  public var spelled: String {
    switch value {
    case .nan: return "NaN"
    case .zero: return "0"
    case .nothing: return "nothing"
    }
  }

  /// quad and its relatives read no error value: the NaN poisons the integral, and when the integrator returns
  /// CPython finds the pending exception.
  public static let quadFamily = ErrorReturn(
    value: .nan,
    consequence: "the integrator does not stop; when it returns, CPython raises SystemError with your "
      + "exception as its __cause__")
  /// ndimage treats a return of 0 as failure: it stops and raises the pending exception unchanged.
  public static let ndimage = ErrorReturn(
    value: .zero, consequence: "ndimage stops at once and raises your exception")
}

/// A SciPy function that accepts a `LowLevelCallable`, with the capsule names it accepts in SciPy's order.
public struct Consumer: Hashable, Sendable {
  /// Dotted public name, e.g. `scipy.integrate.quad`.
  public var qualifiedName: String
  public var signatures: [CSignature]
  /// What a capsule returns here when its Python code raised; codegen and TL104 both read it.
  public var onError: ErrorReturn

  public var shortName: String { qualifiedName.split(separator: ".").last.map(String.init) ?? qualifiedName }
  public var module: String { qualifiedName.split(separator: ".").dropLast().joined(separator: ".") }

  public var acceptedNames: [String] { signatures.map(\.description) }
}

/// The bundled table of SciPy's LowLevelCallable consumers (verified against SciPy 1.17.1).
public enum SciPyTable {
  static func sig(_ text: String) -> CSignature {
    // The table below is literal and well formed; an unparsable entry would be a bug caught by the tests.
    CSignature(parsing: text) ?? CSignature(result: .void, parameters: [])
  }

  /// The consumers and their accepted signatures on a target, in SciPy's order.
  public static func consumers(for target: Target = .linux64) -> [Consumer] {
    var quad = [
      "double (double, void *)", "double (int, double *, void *)", "double (double)", "double (int, double *)",
    ]
    if target.longSize == 4 {
      // SciPy adds the `long` forms where `long` and `int` have one size.
      quad += ["double (long, double *, void *)", "double (long, double *)"]
    }
    // ndimage lists intptr_t and npy_intp, then every standard integer type as wide as npy_intp.
    var intpNames = ["intptr_t", "npy_intp"]
    for name in ["short", "int", "long", "long long"] where target.scalar(name)?.size == target.pointerSize {
      intpNames.append(name)
    }
    let filter = intpNames.map { "int (double *, \($0), double *, void *)" }
    let filter1d = intpNames.map { "int (double *, \($0), double *, \($0), void *)" }
    let transform = intpNames.map { "int (\($0) *, double *, int, int, void *)" }
    let quadFamily = ["quad", "dblquad", "tplquad", "nquad"].map {
      Consumer(qualifiedName: "scipy.integrate.\($0)", signatures: quad.map(sig), onError: .quadFamily)
    }
    return quadFamily + [
      Consumer(qualifiedName: "scipy.ndimage.generic_filter", signatures: filter.map(sig), onError: .ndimage),
      Consumer(qualifiedName: "scipy.ndimage.generic_filter1d", signatures: filter1d.map(sig), onError: .ndimage),
      Consumer(qualifiedName: "scipy.ndimage.geometric_transform", signatures: transform.map(sig), onError: .ndimage),
    ]
  }

  /// The consumers that accept a capsule named `signature`, and what it returns to them when its Python code
  /// raised. A signature no consumer accepts returns NaN for a floating result, nothing for `void` and 0
  /// otherwise (thranc's own convention; no SciPy function reads it).
  public static func errorReturn(for signature: CSignature, target: Target = .linux64)
    -> (consumers: [Consumer], onError: ErrorReturn)
  {
    let accepting = consumers(for: target).filter { $0.signatures.contains(signature) }
    if let first = accepting.first, accepting.allSatisfy({ $0.onError == first.onError }) {
      return (accepting, first.onError)
    }
    let result = signature.result
    if result == .void { return ([], ErrorReturn(value: .nothing, consequence: "")) }
    let floating = result.pointerDepth == 0 && ["double", "float", "long double"].contains(result.base)
    return ([], ErrorReturn(value: floating ? .nan : .zero, consequence: ""))
  }

  public static func consumer(named name: String, for target: Target = .linux64) -> Consumer? {
    consumers(for: target).first { $0.qualifiedName == name || $0.shortName == name }
  }

  /// Every accepted signature of every consumer, without repeats, in table order.
  public static func allSignatures(for target: Target = .linux64) -> [CSignature] {
    var seen = Set<CSignature>()
    var result: [CSignature] = []
    for consumer in consumers(for: target) {
      for s in consumer.signatures where seen.insert(s).inserted { result.append(s) }
    }
    return result
  }

  /// The first accepted signature a function of type `signature` may be called through, as thranc names
  /// capsules. nil when no consumer accepts it.
  public static func firstCompatible(with signature: CSignature, model: ABIModel = ABIModel()) -> CSignature? {
    allSignatures(for: model.target).first { model.isCompatible(signature, withEntryIgnoringResult: $0) }
  }
}

extension ABIModel {
  /// Parameter-wise compatibility; the result type is the entry's (the compiler converts the return value).
  public func isCompatible(_ signature: CSignature, withEntryIgnoringResult entry: CSignature) -> Bool {
    guard signature.parameters.count == entry.parameters.count else { return false }
    return zip(signature.parameters, entry.parameters).allSatisfy { isCompatible($0, with: $1) }
  }
}
