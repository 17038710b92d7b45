import Testing

@testable import ThranSupport

/// The odd shapes a user types; Foundation's helpers trapped on several of them.
struct PathsTests {
  @Test(arguments: [
    ("x", "x", "", "."), ("-", "-", "", "."), ("a/", "a", "", "."), (".", ".", "", "."), ("/", "/", "/", "/"),
    ("/x", "x", "/", "/"), ("a/b/", "b", "a", "a"), ("a//b", "b", "a", "a"), ("", "", "", "."),
    (" /", " ", "", "."), ("~/", "~", "", "."), ("/a/b.py", "b.py", "/a", "/a"),
  ])
  func components(path: String, last: String, parent: String, directory: String) {
    #expect(Paths.lastComponent(of: path) == last)
    #expect(Paths.parent(of: path) == parent)
    #expect(Paths.directory(of: path) == directory)
  }

  @Test(arguments: [
    ("k.py", "py", "k"), ("x", "", "x"), (".bashrc", "", ".bashrc"), ("a.b/c", "", "c"), ("a/k.tar.gz", "gz", "k.tar"),
    ("k.", "", "k"),
  ])
  func extensions(path: String, ext: String, stem: String) {
    #expect(Paths.pathExtension(of: path) == ext)
    #expect(Paths.stem(of: path) == stem)
  }

  @Test(arguments: [
    ("a/./b", "a/b"), ("a/../b", "b"), ("/../a", "/a"), ("../a", "../a"), ("", "."), ("//a//", "/a"),
    ("a/..", "."), ("../../x/..", "../.."),
  ])
  func normalization(path: String, expected: String) {
    #expect(Paths.normalize(path) == expected)
  }

  @Test func joinsAndRelatives() {
    #expect(Paths.join("a", "b") == "a/b")
    #expect(Paths.join("a/", "b") == "a/b")
    #expect(Paths.join("a", "/b") == "/b")
    #expect(Paths.join("", "b") == "b")
    #expect(Paths.absolute("x", from: "/w") == "/w/x")
    #expect(Paths.absolute("./", from: "/w") == "/w")
    #expect(Paths.relative("/w/a/b", to: "/w") == "a/b")
    #expect(Paths.relative("/wx/a", to: "/w") == "/wx/a")
    #expect(Paths.ancestors(of: "/a/b") == ["/a/b", "/a", "/"])
  }
}
