/// A SciPy function that accepts a `LowLevelCallable`, with the capsule names it accepts in SciPy's order.
public struct Consumer: Hashable, Sendable {
  /// Dotted public name, e.g. `scipy.integrate.quad`.
  public var qualifiedName: String
  public var signatures: [CSignature]

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
      Consumer(qualifiedName: "scipy.integrate.\($0)", signatures: quad.map(sig))
    }
    return quadFamily + [
      Consumer(qualifiedName: "scipy.ndimage.generic_filter", signatures: filter.map(sig)),
      Consumer(qualifiedName: "scipy.ndimage.generic_filter1d", signatures: filter1d.map(sig)),
      Consumer(qualifiedName: "scipy.ndimage.geometric_transform", signatures: transform.map(sig)),
    ]
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
