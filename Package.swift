// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Reel",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reel", targets: ["reel"]),
        .library(name: "ReelTimeline", targets: ["ReelTimeline"]),
        .library(name: "ReelRender", targets: ["ReelRender"]),
        .library(name: "ReelStore", targets: ["ReelStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.0.0"),
    ],
    targets: [
        .target(name: "ReelTimeline"),
        .target(
            name: "ReelRender",
            dependencies: [
                "ReelTimeline",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "ReelStore",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")]
        ),
        .executableTarget(
            name: "reel",
            dependencies: [
                "ReelTimeline",
                "ReelRender",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "ReelTimelineTests", dependencies: ["ReelTimeline"]),
        .testTarget(name: "ReelStoreTests", dependencies: ["ReelStore"]),
        .testTarget(name: "ReelRenderTests", dependencies: ["ReelRender", "ReelTimeline", "reel"]),
    ]
)
