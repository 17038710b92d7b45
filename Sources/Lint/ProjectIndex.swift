import Compiler
import Dispatch
import Foundation
import SciPySigs
import ThranSupport

/// Python source given on standard input (`thranlint check -`), named by `--stdin-filename`.
public struct StdinSource: Sendable {
  public var path: String
  public var data: [UInt8]

  public init(path: String, data: [UInt8]) {
    self.path = path
    self.data = data
  }
}

/// One Python file of the project: parsed, with its exports and (when it exports anything) their analysis.
public final class SourceUnit: @unchecked Sendable {
  /// The path as the user spelled it (or, for a module loaded to resolve an import, relative to the current
  /// directory when inside it).
  public let path: String
  /// Absolute and lexically normalized: imports resolve against its directory.
  public let absolutePath: String
  /// Relative to the current directory when inside it: how other files' messages name this one, whichever
  /// spelling reached it.
  public var displayPath: String { Paths.relative(absolutePath, to: FileManager.default.currentDirectoryPath) }
  public private(set) var source: SourceFile?
  public private(set) var module: Module?
  /// A syntax error or an unreadable file.
  public private(set) var loadError: Diagnostic?
  public private(set) var specs: [ExportSpec] = []
  public private(set) var exportDiagnostics: [Diagnostic] = []
  private var cachedContext: ModuleContext?
  let model: ABIModel
  let version: PythonVersion
  /// The bytes when they do not come from `path` (standard input).
  let data: [UInt8]?

  init(path: String, model: ABIModel, version: PythonVersion, data: [UInt8]? = nil) {
    self.path = path
    self.absolutePath = Paths.absolute(path, from: FileManager.default.currentDirectoryPath)
    self.model = model
    self.version = version
    self.data = data
  }

  /// A file can only construct a LowLevelCallable by naming it, and only reach a consumer by importing scipy
  /// and naming one (`quad` also covers dblquad, tplquad and nquad); other files skip the flow analysis.
  /// Scanned once, while loading.
  private(set) var mayBuildOrConsumeCallables = false

  /// `onLargeStack`: the caller's thread has the parser's large stack (the parallel loader's workers do).
  func load(onLargeStack: Bool = true) {
    do {
      let file =
        try data.map { bytes throws(Diagnostic) in try SourceFile(path: path, data: bytes) }
        ?? SourceFile.read(path: path)
      source = file
      mayBuildOrConsumeCallables =
        mentions("LowLevelCallable")
        || (mentions("scipy") && (mentions("quad") || mentions("generic_filter") || mentions("geometric_transform")))
      // `version` comes from --target-version / target-version: newer syntax is a TL900 naming its version.
      let parsed =
        onLargeStack ? try Parser.parseOnLargeStack(file, version: version) : try Parser.parse(file, version: version)
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

/// The files being checked, parsed in parallel, and the modules they import, read from disk on demand. An
/// import resolves the same way whichever files were named: against the importer's directory, its top-level
/// package's parent and the project root (the nearest directory with a `pyproject.toml` or `.git`), so the
/// findings for a file never depend on the other files on the command line.
public final class ProjectIndex {
  /// The files being checked, in discovery order.
  public let units: [SourceUnit]
  public let model: ABIModel
  let version: PythonVersion
  /// Every loaded unit by its real path (symbolic links resolved): a file is one unit however it was reached.
  private var byRealPath: [String: SourceUnit] = [:]
  /// Candidate module path → the unit there, or nil when no file is there (cached `stat`s).
  private var fileCache: [String: SourceUnit?] = [:]
  private var rootCache: [String: String] = [:]
  private var packageCache: [String: Bool] = [:]

  /// Directories never entered: version control, build output, caches, virtual environments.
  static let skippedDirectories: Set<String> = [
    ".git", ".hg", ".svn", ".bzr", "__pycache__", ".tox", ".nox", ".venv", "venv", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", "node_modules", "site-packages", ".eggs", ".direnv", "__pypackages__",
  ]

  public init(files: [String], model: ABIModel, version: PythonVersion = .newest, stdin: StdinSource? = nil) {
    self.model = model
    self.version = version
    var units = files.map { SourceUnit(path: $0, model: model, version: version) }
    if let stdin { units.append(SourceUnit(path: stdin.path, model: model, version: version, data: stdin.data)) }
    // Parsing recurses deeply on nested input: worker threads with the parser's large stack, one per core.
    runOnLargeStacks(count: units.count, threads: ProcessInfo.processInfo.activeProcessorCount) { [units] i in
      units[i].load()
    }
    self.units = units
    for unit in units where unit.data == nil {
      byRealPath[ProjectIndex.realPath(unit.absolutePath)] = unit
    }
  }

  /// The file's real path (links resolved), or the path itself when it cannot be resolved.
  static func realPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  static func isFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
  }

  // MARK: Import resolution

  /// The unit for the Python file at `path` (absolute), loading it when no checked file is there.
  func unit(at path: String) -> SourceUnit? {
    if let cached = fileCache[path] { return cached }
    var found: SourceUnit?
    if ProjectIndex.isFile(path) {
      let real = ProjectIndex.realPath(path)
      if let known = byRealPath[real] {
        found = known
      } else {
        let loaded = SourceUnit(
          path: Paths.relative(path, to: FileManager.default.currentDirectoryPath), model: model, version: version)
        loaded.load(onLargeStack: false)
        byRealPath[real] = loaded
        found = loaded
      }
    }
    fileCache[path] = found
    return found
  }

  /// `dir/a/b.py`, else the package `dir/a/b/__init__.py`.
  func module(_ parts: [String], in directory: String) -> SourceUnit? {
    guard !parts.isEmpty, !parts.contains(where: { $0.isEmpty || $0.contains("/") }) else { return nil }
    let base = Paths.join(directory, parts)
    return unit(at: base + ".py") ?? unit(at: Paths.join(base, "__init__.py"))
  }

  func isPackage(_ directory: String) -> Bool {
    if let known = packageCache[directory] { return known }
    let result = ProjectIndex.isFile(Paths.join(directory, "__init__.py"))
    packageCache[directory] = result
    return result
  }

  /// The nearest directory at or above `directory` holding a `pyproject.toml` or `.git`, else `directory`.
  func projectRoot(of directory: String) -> String {
    if let known = rootCache[directory] { return known }
    var visited: [String] = []
    var result = directory
    for dir in Paths.ancestors(of: directory) {
      if let known = rootCache[dir] {
        result = known
        break
      }
      visited.append(dir)
      let fm = FileManager.default
      if fm.fileExists(atPath: Paths.join(dir, "pyproject.toml")) || fm.fileExists(atPath: Paths.join(dir, ".git")) {
        result = dir
        break
      }
    }
    // Directories below a root share it; the walk up never repeats.
    for dir in visited where dir.hasPrefix(result) { rootCache[dir] = result }
    if rootCache[directory] == nil { rootCache[directory] = result }
    return result
  }

  /// Where `import a.b` looks, as Python's path would for this file: beside it (a script's directory is on
  /// `sys.path`), above its top-level package, and the project root and its `src`.
  func searchPath(for unit: SourceUnit) -> [String] {
    let directory = Paths.directory(of: unit.absolutePath)
    var top = directory
    while isPackage(top), Paths.parent(of: top) != top, !Paths.parent(of: top).isEmpty { top = Paths.parent(of: top) }
    let root = projectRoot(of: directory)
    var result: [String] = []
    for dir in [directory, top, root, Paths.join(root, "src")] where !result.contains(dir) { result.append(dir) }
    return result
  }

  /// The project file an import names, seen from `unit`: relative imports against its package, absolute ones
  /// along `searchPath(for:)`. Nil for modules outside the project (the standard library, scipy, numpy).
  public func resolveModule(_ name: String, level: Int, from unit: SourceUnit) -> SourceUnit? {
    let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if level > 0 {
      var base = Paths.directory(of: unit.absolutePath)
      for _ in 1..<level { base = Paths.parent(of: base) }
      if name == "__init__" { return self.unit(at: Paths.join(base, "__init__.py")) }
      return module(parts, in: base)
    }
    for directory in searchPath(for: unit) {
      if let found = module(parts, in: directory) { return found }
    }
    return nil
  }

  /// `package.attr` as a submodule, when `unit` is a package's `__init__.py`.
  func submodule(_ attr: String, of unit: SourceUnit) -> SourceUnit? {
    guard Paths.lastComponent(of: unit.absolutePath) == "__init__.py" else { return nil }
    return module([attr], in: Paths.directory(of: unit.absolutePath))
  }
}

/// What `discover` found: the files to check, the named paths that do not exist, and every entry it could not
/// check (a name that is not UTF-8, an unreadable directory, a dangling link or a link loop), each reported, never skipped.
public struct Discovery {
  public var files: [String] = []
  public var missing: [String] = []
  public var problems: [String] = []
}

extension ProjectIndex {
  enum Message {
    static func notUTF8(_ shown: String) -> String {
      "\(shown): error: the file name is not valid UTF-8; not checked (rename it)"
    }
    static func unreadableDirectory(_ path: String, _ reason: String) -> String {
      "\(path): error: cannot read the directory: \(reason); its files are not checked"
    }
    static func notADirectory(_ raw: String) -> String {
      "\(raw): error: not a directory (the path ends in '/'); not checked; name the file without the trailing '/'"
    }
    static func linkLoop(_ path: String) -> String {
      "\(path): error: symbolic link loop (the links point at each other); not checked"
    }
    static func danglingLink(_ path: String) -> String {
      "\(path): error: symbolic link to a file that does not exist; not checked"
    }
  }

  /// Finds the `.py` files under `paths`. Explicitly named files are kept unless `forceExclude`; directories
  /// are walked skipping `skippedDirectories`, `.build*`, virtualenvs (a `pyvenv.cfg`) and `excluded` paths.
  /// A directory or file reached twice (`.` and `./`, `a` and `a/../a`, a symbolic link) counts once.
  public static func discover(
    paths: [String], excluded: @escaping (String) -> Bool, forceExclude: Bool
  ) -> Discovery {
    var walker = Walker(excluded: excluded)
    for raw in paths {
      let path = displayPath(raw)
      var st = stat()
      guard stat(path, &st) == 0 else {
        let reason = errno
        var lst = stat()
        if lstat(path, &lst) == 0 {
          walker.result.problems.append(reason == ELOOP ? Message.linkLoop(path) : Message.danglingLink(path))
        } else {
          walker.result.missing.append(raw)
        }
        continue
      }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        walker.walk(path)
      } else if raw.hasSuffix("/") {
        // As the system reads it: `a.py/` names a directory, and there is none (ENOTDIR).
        walker.result.problems.append(Message.notADirectory(raw))
      } else if !(forceExclude && excluded(path)) {
        walker.add(path)
      }
    }
    return walker.result
  }

  /// The user's spelling without `./` and trailing slashes, lexically normalized when that names the same file.
  static func displayPath(_ raw: String) -> String {
    let normalized = Paths.normalize(raw)
    if normalized == raw || realPath(normalized) == realPath(raw) { return normalized }
    var trimmed = raw
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
    return trimmed
  }

  struct Walker {
    let excluded: (String) -> Bool
    var result = Discovery()
    var seenFiles: Set<String> = []
    var seenDirectories: Set<String> = []

    init(excluded: @escaping (String) -> Bool) {
      self.excluded = excluded
    }

    mutating func add(_ path: String) {
      if seenFiles.insert(ProjectIndex.realPath(path)).inserted { result.files.append(path) }
    }

    mutating func walk(_ directory: String) {
      // Real paths stop loops through links and repeats through other spellings.
      guard seenDirectories.insert(ProjectIndex.realPath(directory)).inserted else { return }
      guard let entries = Walker.entries(of: directory) else {
        result.problems.append(Message.unreadableDirectory(directory, String(cString: strerror(errno))))
        return
      }
      if entries.contains(where: { $0 == Array("pyvenv.cfg".utf8) }) { return }
      var names: [String] = []
      for bytes in entries {
        guard let name = String(validating: bytes, as: UTF8.self) else {
          // Only names that could hold Python: a `.py` file or a directory.
          if bytes.suffix(3).elementsEqual(".py".utf8) || Walker.isDirectory(Array(directory.utf8) + [47] + bytes) {
            result.problems.append(Message.notUTF8(Paths.join(directory, Reporter.escaped(bytes: bytes))))
          }
          continue
        }
        names.append(name)
      }
      for name in names.sorted() { visit(name, in: directory) }
    }

    mutating func visit(_ name: String, in directory: String) {
      let path = directory == "." ? name : Paths.join(directory, name)
      var lst = stat()
      guard lstat(path, &lst) == 0 else { return }
      var st = lst
      if (lst.st_mode & S_IFMT) == S_IFLNK, stat(path, &st) != 0 {
        let loop = errno == ELOOP
        if name.hasSuffix(".py") { result.problems.append(loop ? Message.linkLoop(path) : Message.danglingLink(path)) }
        return
      }
      switch st.st_mode & S_IFMT {
      case S_IFDIR:
        if ProjectIndex.skippedDirectories.contains(name) || name.hasPrefix(".build") || excluded(path) { return }
        walk(path)
      case S_IFREG where name.hasSuffix(".py"):
        if !excluded(path) { add(path) }
      default:
        break
      }
    }

    static func isDirectory(_ path: [UInt8]) -> Bool {
      var st = stat()
      return (path + [0]).withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { c in c.baseAddress.map { stat($0, &st) == 0 } ?? false }
      } && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// The raw names in a directory (without `.` and `..`), or nil when it cannot be read.
    static func entries(of directory: String) -> [[UInt8]]? {
      guard let dir = opendir(directory) else { return nil }
      defer { closedir(dir) }
      var names: [[UInt8]] = []
      while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
        if name == [46] || name == [46, 46] { continue }
        names.append(name)
      }
      return names
    }
  }
}
