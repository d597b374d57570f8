// swift-tools-version: 6.1
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .executable(name: "sluice-bench", targets: ["sluice-bench"]),
        .library(name: "SluiceCore", targets: ["SluiceCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Event model, JSON, timestamps, templates. No I/O, no Foundation.
        .target(name: "SluiceCore", dependencies: ["CJSONEscapes"], swiftSettings: strictSettings),
        // JSON string escapes 16 bytes at a time (SSSE3): log lines that carry JSON are full of quotes.
        .target(name: "CJSONEscapes"),
        // Logstash config language → diagnostics → pipeline plan.
        .target(name: "SluiceConfig", dependencies: ["SluiceCore"], swiftSettings: strictSettings),
        // The system zlib (inflate of Lumberjack compressed frames).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Oniguruma (Debian's libonig-dev), the regex engine of grok: Logstash's Joni is its Java port.
        .target(name: "COniguruma", linkerSettings: [.linkedLibrary("onig")]),
        // Debian's libmaxminddb, and its one wrapper: MaxMind DB files opened and searched (geoip).
        .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),
        .target(name: "SluiceGeoIP", dependencies: ["CMaxMindDB", "SluiceCore"], swiftSettings: strictSettings),
        // Debian's libxml2, and its one wrapper: documents parsed, searched by XPath, walked (xml filter).
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "SluiceXML", dependencies: ["CLibXML2"], swiftSettings: strictSettings),
        // The one wrapper of Oniguruma: compiled regexes, searches with a retry limit.
        .target(name: "SluiceRegex", dependencies: ["COniguruma"], swiftSettings: strictSettings),
        // The synchronous cores of the text-parsing filters (grok expressions and pattern sets,
        // dissect mappings, kv scanners): no I/O, shared by the plugins and the fuzzer.
        .target(
            name: "SluiceParsers", dependencies: ["SluiceCore", "SluiceConfig", "SluiceRegex", "SluiceXML"], exclude: ["Grok/patterns"],
            swiftSettings: strictSettings),
        // YAML documents as event values, on Yams, behind a module of its own: importing Yams
        // into a target brings Foundation's C modules in, which changes how `stat` resolves there.
        .target(
            name: "SluiceYAML", dependencies: ["SluiceCore", .product(name: "Yams", package: "Yams")], swiftSettings: strictSettings),
        // The Lumberjack v2 protocol: frames, limits, inflate (no NIO), shared by the beats input and the fuzzer.
        .target(name: "SluiceLumberjack", dependencies: ["CZlib", "CAdler32", "CLibdeflate"], swiftSettings: strictSettings),
        // Adler-32 with SSSE3: zlib's own check is a fifth of inflating a beats window.
        .target(name: "CAdler32"),
        // libdeflate opened at run time when installed: whole-buffer inflate, twice zlib's speed.
        .target(name: "CLibdeflate"),
        // What the NIO servers (beats input, monitoring API, test bulk server) share.
        .target(
            name: "SluiceNetwork",
            dependencies: ["SluiceCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        // One folder per plugin; depends on Config and Core only (and the libraries plugins need).
        .target(
            name: "SluicePlugins",
            dependencies: [
                "SluiceConfig", "SluiceCore", "SluiceLumberjack", "SluiceNetwork", "SluiceParsers", "SluiceRegex", "SluiceYAML", "SluiceGeoIP", "SluiceXML", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        // Runs a plan: queue, workers, outputs, acknowledgement.
        .target(
            name: "SluiceRuntime",
            dependencies: ["SluiceConfig", "SluiceCore"],
            swiftSettings: strictSettings
        ),
        // HTTP API over the runtime's stats snapshot.
        .target(
            name: "SluiceMonitoring",
            dependencies: [
                "SluiceRuntime", "SluiceCore", "SluiceNetwork",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // run / check / test as a library, so the commands are unit-tested.
        .target(
            name: "SluiceCLI",
            dependencies: [
                "SluiceCore", "SluiceConfig", "SluicePlugins", "SluiceRuntime", "SluiceMonitoring", "SluiceYAML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "sluice", dependencies: ["SluiceCLI"], swiftSettings: strictSettings),
        // Fuzz targets (scripts/fuzz.sh builds it with libFuzzer); a plain build replays inputs.
        .executableTarget(
            name: "sluice-fuzz", dependencies: ["SluiceCore", "SluiceConfig", "SluiceLumberjack", "SluiceParsers", "SluiceXML"], swiftSettings: strictSettings),
        .executableTarget(
            name: "sluice-bench",
            dependencies: [
                "SluiceCore", "SluiceConfig", "SluiceRuntime", "SluicePlugins", "SluiceTestSupport", "CZlib",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SluiceTestSupport",
            dependencies: [
                "SluiceCore", "SluiceConfig", "SluiceNetwork", "CZlib",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceRuntimeTests",
            dependencies: ["SluiceRuntime", "SluiceConfig", "SluiceCore", "SluicePlugins", "SluiceTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluicePluginsTests",
            dependencies: [
                "SluicePlugins", "SluiceParsers", "SluiceConfig", "SluiceCore", "SluiceTestSupport", "SluiceLumberjack", "CZlib", "CAdler32",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceMonitoringTests",
            dependencies: [
                "SluiceMonitoring", "SluiceRuntime", "SluiceConfig", "SluiceCore", "SluicePlugins", "SluiceTestSupport",
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceEndToEndTests",
            dependencies: ["sluice", "sluice-fuzz", "SluiceTestSupport", "SluiceCore", "SluiceCLI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceConfigTests",
            dependencies: ["SluiceConfig", "SluiceCore", "SluiceTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceCoreTests",
            dependencies: ["SluiceCore", "SluiceTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SluiceCLITests",
            dependencies: [
                "SluiceCLI", "SluiceConfig", "SluicePlugins", "SluiceTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
