import Compiler
import Foundation
import SciPySigs

extension ABIModel {
  /// The model for a lint run: libclang's facts for `target` (with the host interpreter's Python and NumPy
  /// headers when the target is the host), cached; the built-in data model when libclang cannot parse.
  public static func forLinting(target: Target, python: String = "python3") -> ABIModel {
    var pythonInclude: String?
    var numpyInclude: String?
    if target.triple == Target.linux64.triple, let py = try? PythonTarget.discover(python), py.numpyInclude != nil {
      pythonInclude = py.includeDir
      numpyInclude = py.numpyInclude
    }
    let facts = ClangABI.facts(
      triple: target.triple, pythonInclude: pythonInclude, numpyInclude: numpyInclude,
      cacheDirectory: PythonTarget.cacheDirectory())
    return ABIModel(target: target, facts: facts)
  }
}
