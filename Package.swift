// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Thran",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "thranc", targets: ["thranc"]),
    .executable(name: "thranlint", targets: ["thranlint"]),
    .library(name: "Compiler", targets: ["Compiler"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .target(name: "ThranSupport"),
    // The one DType table, below everything that names a dtype (the compiler, the ABI model, the linter).
    .target(name: "ThranTypes", path: "Sources/Compiler/Types"),
    .target(
      name: "Compiler", dependencies: ["SciPySigs", "ThranSupport", "ThranTypes"], exclude: ["Types"],
      resources: [.copy("Codegen/thran_runtime.h")]),
    .target(name: "CClang", linkerSettings: [.linkedLibrary(":libclang-14.so.1")]),
    .target(name: "SciPySigs", dependencies: ["CClang", "ThranSupport", "ThranTypes"]),
    .target(
      name: "Lint", dependencies: ["Compiler", "SciPySigs", "ThranSupport"],
      resources: [.copy("rules")]),
    .target(name: "BuildDriver", dependencies: ["Compiler", "Lint", "SciPySigs", "ThranSupport"]),
    .executableTarget(
      name: "thranc",
      dependencies: [
        "Compiler", "BuildDriver", "ThranSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "thranlint",
      dependencies: ["Lint", "ThranSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")]
    ),
    .executableTarget(name: "ParseBench", dependencies: ["Compiler"], path: "bench/ParseBench"),
    .testTarget(name: "CompilerTests", dependencies: ["Compiler", "SciPySigs", "ThranTypes"]),
    .testTarget(name: "SciPySigsTests", dependencies: ["SciPySigs"]),
    .testTarget(name: "ThranSupportTests", dependencies: ["ThranSupport"]),
    .testTarget(name: "LintTests", dependencies: ["Lint", "Compiler", "SciPySigs"], exclude: ["Fixtures"]),
  ]
)
