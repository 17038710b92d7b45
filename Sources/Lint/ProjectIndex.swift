import Compiler
import Dispatch
import Foundation
import SciPySigs

/// One Python file of the project: parsed, with its exports and (when it exports anything) their analysis.
public final class SourceUnit: @unchecked Sendable {
  public let path: String
  public private(set) var source: SourceFile?
  public private(set) var module: Module?
  /// A syntax error or an unreadable file.
  public private(set) var loadError: Diagnostic?
  public private(set) var specs: [ExportSpec] = []
  public private(set) var exportDiagnostics: [Diagnostic] = []
  private var cachedContext: ModuleContext?
  let model: ABIModel

  init(path: String, model: ABIModel) {
    self.path = path
    self.model = model
  }

  /// A file can only construct a LowLevelCallable by naming it, and only reach a consumer by importing scipy
  /// and naming one (`quad` also covers dblquad, tplquad and nquad); other files skip the flow analysis.
  /// Scanned once, while loading.
  private(set) var mayBuildOrConsumeCallables = false

  func load() {
    do {
      let file = try SourceFile.read(path: path)
      source = file
      mayBuildOrConsumeCallables =
        mentions("LowLevelCallable")
        || (mentions("scipy") && (mentions("quad") || mentions("generic_filter") || mentions("geometric_transform")))
      let parsed = try Parser.parseOnLargeStack(file)
      let exports = ExportSpecParser.exports(of: parsed)
      specs = exports.specs
      exportDiagnostics = exports.diagnostics
      // Only files that export, build or consume callables are looked at again; the others keep no tree.
      if !specs.isEmpty || mentions("pythran") || mayBuildOrConsumeCallables {
        module = parsed
      }
    } catch let d as Diagnostic {
      loadError = d
    } catch {
      loadError = Diagnostic(
        message: "cannot read file: \(error)", location: SourceLocation(line: 1, column: 0), path: path)
    }
  }

  /// True when the raw bytes mention `needle`: a cheap filter before any flow analysis.
  func mentions(_ needle: String) -> Bool {
    guard let bytes = source?.bytes else { return false }
    return bytes.containsBytes(Array(needle.utf8))
  }

  /// The module's analysis for its exports (computed once, on first use).
  public var context: ModuleContext? {
    if let cachedContext { return cachedContext }
    guard let module else { return nil }
    let program = Analyzer.analyze(module, specs: specs)
    let c = ModuleContext(module: module, specs: specs, program: program, model: model)
    cachedContext = c
    return c
  }

  /// Top-level function definitions.
  public lazy var functions: [String: Stmt.FunctionDef] = {
    var result: [String: Stmt.FunctionDef] = [:]
    for s in module?.body ?? [] {
      if case .functionDef(let d) = s.kind { result[d.name] = d }
    }
    return result
  }()
}

/// Every `.py` file under the given paths, parsed in parallel, with module names for import resolution.
public final class ProjectIndex {
  public let units: [SourceUnit]
  public let model: ABIModel
  /// Dotted module name → files that can be imported under it (built on the first import resolved: it costs
  /// a few `stat` calls per file, and most trees never need it).
  lazy var byModuleName: [String: [SourceUnit]] = {
    var result: [String: [SourceUnit]] = [:]
    var packages: [String: Bool] = [:]
    for unit in units {
      for name in ProjectIndex.moduleNames(for: unit.path, packages: &packages) {
        result[name, default: []].append(unit)
      }
    }
    return result
  }()
  var byPath: [String: SourceUnit] = [:]

  /// Directories never entered: version control, build output, caches, virtual environments.
  static let skippedDirectories: Set<String> = [
    ".git", ".hg", ".svn", ".bzr", "__pycache__", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", "node_modules", "site-packages", ".eggs", ".direnv", "__pypackages__",
  ]

  public init(files: [String], model: ABIModel) {
    self.model = model
    let units = files.map { SourceUnit(path: $0, model: model) }
    // Parsing recurses deeply on nested input: worker threads with the parser's large stack, one per core.
    runOnLargeStacks(count: units.count, threads: ProcessInfo.processInfo.activeProcessorCount) { i in
      units[i].load()
    }
    self.units = units
    for unit in units { byPath[unit.path] = unit }
  }

  /// Finds the `.py` files under `paths`. Explicitly named files are kept unless `forceExclude`; directories
  /// are walked skipping `skippedDirectories`, `.build*`, virtualenvs (a `pyvenv.cfg`) and `excluded` paths.
  public static func discover(
    paths: [String], excluded: (String) -> Bool, forceExclude: Bool
  ) -> (files: [String], missing: [String]) {
    var files: [String] = []
    var missing: [String] = []
    let fm = FileManager.default
    for raw in paths {
      let path = normalize(raw)
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        missing.append(raw)
        continue
      }
      if !isDirectory.boolValue {
        if !(forceExclude && excluded(path)) { files.append(path) }
        continue
      }
      walk(path, excluded: excluded, into: &files)
    }
    var seen = Set<String>()
    return (files.filter { seen.insert($0).inserted }, missing)
  }

  static func normalize(_ path: String) -> String {
    var p = path
    while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
    if p.hasPrefix("./") && p.count > 2 { p.removeFirst(2) }
    return p
  }

  static func walk(_ directory: String, excluded: (String) -> Bool, into files: inout [String]) {
    let fm = FileManager.default
    guard let entries = try? fm.contentsOfDirectory(atPath: directory) else { return }
    if entries.contains("pyvenv.cfg") { return }
    for name in entries.sorted() {
      let path = directory == "." ? name : directory + "/" + name
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        if skippedDirectories.contains(name) || name.hasPrefix(".build") || excluded(path) { continue }
        // Symbolic links to directories are not followed: they can loop.
        if let type = try? fm.attributesOfItem(atPath: path)[.type] as? FileAttributeType, type == .typeSymbolicLink {
          continue
        }
        walk(path, excluded: excluded, into: &files)
      } else if name.hasSuffix(".py") {
        if !excluded(path) { files.append(path) }
      }
    }
  }

  /// The dotted names a file can be imported as: its stem, then prefixed by each enclosing package
  /// (directories with `__init__.py`) and, for scripts beside each other, nothing more.
  static func moduleNames(for path: String) -> [String] {
    var packages: [String: Bool] = [:]
    return moduleNames(for: path, packages: &packages)
  }

  /// `packages` caches which directories hold an `__init__.py`: one `stat` per directory, not per file.
  static func moduleNames(for path: String, packages: inout [String: Bool]) -> [String] {
    // Plain string work: URL(fileURLWithPath:) would stat every path it is given.
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard let file = parts.popLast(), file.hasSuffix(".py") else { return [] }
    var stem = String(file.dropLast(3))
    if stem == "__init__", let package = parts.popLast() { stem = package }
    var names = [stem]
    var current = stem
    var directory = parts
    func isPackage(_ dir: [String]) -> Bool {
      let key = dir.joined(separator: "/")
      if let known = packages[key] { return known }
      let result = FileManager.default.fileExists(atPath: (key.isEmpty ? "" : key + "/") + "__init__.py")
      packages[key] = result
      return result
    }
    while let last = directory.last, !last.isEmpty, last != ".", isPackage(directory) {
      current = last + "." + current
      names.append(current)
      directory.removeLast()
    }
    // Without __init__.py, directories still act as namespace packages: `import pkg.mod` from the root.
    var namespace = stem
    var dir = parts
    for _ in 0..<4 {
      guard let component = dir.popLast(), !component.isEmpty, component != ".", component != ".." else { break }
      namespace = component + "." + namespace
      if !names.contains(namespace) { names.append(namespace) }
    }
    return names
  }

  /// The project file an import names, seen from `unit`: relative imports against its package, absolute ones
  /// preferring a file beside the importer, then a unique match anywhere in the project.
  public func resolveModule(_ name: String, level: Int, from unit: SourceUnit) -> SourceUnit? {
    let importerDirectory = URL(fileURLWithPath: unit.path).deletingLastPathComponent()
    if level > 0 {
      var base = importerDirectory
      for _ in 1..<level { base = base.deletingLastPathComponent() }
      let parts = name.split(separator: ".").map(String.init)
      var candidate = base
      for p in parts { candidate = candidate.appendingPathComponent(p) }
      let file = candidate.path + ".py"
      if let u = byPath[ProjectIndex.normalize(file)] ?? byPath[file] { return u }
      let package = candidate.appendingPathComponent("__init__.py").path
      return byPath[ProjectIndex.normalize(package)] ?? byPath[package]
    }
    guard let candidates = byModuleName[name], !candidates.isEmpty else { return nil }
    if candidates.count == 1 { return candidates[0] }
    let beside = candidates.filter {
      URL(fileURLWithPath: $0.path).deletingLastPathComponent().path == importerDirectory.path
    }
    return beside.count == 1 ? beside[0] : nil
  }
}
