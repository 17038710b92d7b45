import Foundation
import SciPySigs
import ThranSupport

/// What thranc needs from the target interpreter, asked once and cached per interpreter binary.
public struct PythonTarget: Codable, Equatable, Sendable {
  public var executable: String
  public var includeDir: String
  public var extSuffix: String
  public var numpyInclude: String?
  public var version: String

  public enum DiscoveryError: Error, CustomStringConvertible {
    case notFound(String)
    case failed(String, String)

    public var description: String {
      switch self {
      case .notFound(let p): return "cannot find the Python interpreter '\(p)' (use --python PATH)"
      case .failed(let p, let why): return "could not query '\(p)' for its build settings: \(why)"
      }
    }
  }

  static let probe = """
    import json, sys, sysconfig
    info = {"executable": sys.executable, "includeDir": sysconfig.get_paths()["include"],
            "extSuffix": sysconfig.get_config_var("EXT_SUFFIX") or ".so", "version": sys.version.split()[0]}
    try:
        import numpy
        info["numpyInclude"] = numpy.get_include()
    except Exception:
        pass
    print(json.dumps(info))
    """

  /// Finds `python` (a path or a name on PATH) and reads its settings, from the cache when the binary is unchanged.
  public static func discover(_ python: String = "python3") throws -> PythonTarget {
    guard let path = Toolchain.resolveExecutable(python) else { throw DiscoveryError.notFound(python) }
    let real =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map {
        Paths.join(Paths.parent(of: path), $0)
      } ?? path
    let attributes = try? FileManager.default.attributesOfItem(atPath: real)
    let stamp = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let key = "\(path)|\(real)|\(stamp)"
    let cacheFile = cacheDirectory().appendingPathComponent("python-\(stableHash(key)).json")
    if let data = try? Data(contentsOf: cacheFile), let cached = try? JSONDecoder().decode(Cached.self, from: data),
      cached.key == key, FileManager.default.fileExists(atPath: cached.target.includeDir)
    {
      return cached.target
    }
    let result = try Toolchain.run([path, "-c", probe])
    guard result.status == 0, let line = result.output.split(separator: "\n").last,
      let target = try? JSONDecoder().decode(PythonTarget.self, from: Data(line.utf8))
    else {
      throw DiscoveryError.failed(python, result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    if let data = try? JSONEncoder().encode(Cached(key: key, target: target)) { CacheFile.write(data, to: cacheFile) }
    return target
  }

  struct Cached: Codable {
    var key: String
    var target: PythonTarget
  }

  public static func cacheDirectory() -> URL {
    let env = ProcessInfo.processInfo.environment
    if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty {
      return URL(fileURLWithPath: xdg).appendingPathComponent("thran")
    }
    let home = env["HOME"] ?? NSTemporaryDirectory()
    return URL(fileURLWithPath: home).appendingPathComponent(".cache/thran")
  }

}
