import Compiler
import SciPySigs

/// TL207: the object behind user_data differs from what the capsule reads through its user_data pointer.
public enum UserDataTypeMismatch: ProjectRule {
  public static let code = "TL207"
  public static let name = "user-data-type-mismatch"
  public static let summary = "the object behind user_data differs from what the capsule reads through it"

  public static func check(_ project: Project) -> [Diagnostic] {
    var out: [Diagnostic] = []
    for site in project.sites {
      guard let userExpr = site.userDataExpr, let held = site.userData else { continue }
      switch held {
      case .ctypesPointer, .byref, .ndarray, .integer, .ctypesScalar:
        out.append(
          diagnostic(
            site.unit,
            "user_data is \(describe(held)); SciPy accepts only a ctypes.c_void_p, a PyCapsule or a cffi void * "
              + "and raises ValueError",
            userExpr.range, hint: "wrap it: ctypes.cast(ctypes.pointer(value), ctypes.c_void_p)"))
        continue
      case .voidPointer(let pointee?):
        guard let info = project.info(site.callable), let params = info.parameters else { continue }
        // The user_data slot is the last `void *` of the signature SciPy will use.
        let sig =
          site.signature.flatMap { CSignature(parsing: $0.text) }
          ?? info.implicitName.flatMap { CSignature(parsing: $0) }
        guard let sig, sig.parameters.count == params.count,
          let slot = sig.parameters.lastIndex(where: { $0.isVoidPointer }), let read = params[slot].pointee,
          !read.isVoidPointer, read.base != "void"
        else { continue }
        let heldType = CType(pointee)
        guard let a = project.model.abi(of: read), let b = project.model.abi(of: heldType), a != b else { continue }
        out.append(
          diagnostic(
            site.unit,
            "user_data points at a C \(pointee) (\(b)) but \(info.label) reads it as \(read) (\(a)) through "
              + "parameter \(slot + 1): the value will be garbage",
            userExpr.range,
            hint: "hold the value in ctypes.\(ctypesClass(read.base)) or change the export to \(specName(heldType))*"))
      default:
        continue
      }
    }
    return out
  }

  static func describe(_ v: FlowValue) -> String {
    switch v {
    case .ctypesPointer: return "a typed ctypes pointer (ctypes.pointer(...))"
    case .byref: return "ctypes.byref(...)"
    case .ndarray: return "a NumPy array"
    case .integer: return "an int"
    case .ctypesScalar(let b): return "a ctypes \(b) value, not a pointer"
    default: return "an object"
    }
  }

  static func ctypesClass(_ base: String) -> String {
    ["double": "c_double", "float": "c_float", "int": "c_int", "long": "c_long", "int64_t": "c_int64"][base]
      ?? "c_\(base.replacingOccurrences(of: " ", with: ""))"
  }

  static func specName(_ t: CType) -> String { CapsuleABI.specSpelling(t) ?? t.base }
}
