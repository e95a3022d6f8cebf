// swift-tools-version:6.0
// rolecall: a compiler from a GitOps repository of EKS access fragments to per-cluster bundles.
// Layering reads top to bottom; every target depends only on targets above it:
//   model:    Serialization <- Diagnostics <- Model (pure, no YAML, no git)
//   source:   Fragments (YAML) <- Resolver <- ModelBuilding (trees to Model values)
//   plugins:  Model, Serialization <- PluginAPI <- Plugins/* ; Model <- Authorization
//   output:   GitStore, PluginAPI <- Output (the output branch's one owner)
//   pipeline: ModelBuilding, Authorization, Output <- Compiler <- Migration <- RolecallCLI (+ BuiltinPlugins) <- rolecall
import PackageDescription

let package = Package(
    name: "rolecall",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rolecall", targets: ["rolecall"]),
        .library(name: "PluginAPI", targets: ["PluginAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // libgit2 from the system (Debian: libgit2-dev), plus a header of inline shims for variadic calls.
        .systemLibrary(
            name: "CLibGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),
        // Deterministic YAML and JSON writers: every file and every JSON report goes through them.
        .target(name: "Serialization", exclude: ["README.md"]),
        // Findings with source locations (path, line, column, commit), rendered through Serialization's JSON writer.
        .target(name: "Diagnostics", dependencies: ["Serialization"], exclude: ["README.md"]),
        // Pure model: resolved, typed access (specs, ClusterAccess, rules, ARNs); Sendable, Hashable, Codable.
        .target(name: "Model", dependencies: ["Diagnostics"], exclude: ["README.md"]),
        // libgit2 behind owning classes: refs, trees, blobs, tree building, commits, CAS ref moves.
        .target(name: "GitStore", dependencies: ["CLibGit2"], exclude: ["README.md"]),
        // YAML fragments to located value trees, schema-checked (unknown keys are errors).
        .target(name: "Fragments", dependencies: ["Diagnostics", "Serialization", .product(name: "Yams", package: "Yams")], exclude: ["README.md"]),
        // extends and overlays as RFC 7386 merge patches over located trees, with provenance.
        .target(name: "Resolver", dependencies: ["Diagnostics", "Fragments"], exclude: ["README.md"]),
        // Resolved trees to Model values: SpecDecoder, placement, ClusterAccessBuilder, topology checks.
        .target(name: "ModelBuilding", dependencies: ["Diagnostics", "Fragments", "Resolver", "Model"], exclude: ["README.md"]),
        // Kubernetes and EKS authorization evaluated offline: RBAC, the built-in roles per release, access policies.
        .target(name: "Authorization", dependencies: ["Diagnostics", "Model", .product(name: "Yams", package: "Yams")],
                exclude: ["README.md", "Vendored/README.md", "Vendored/upstream", "Vendored/eks-user-guide"]),
        // The plugin contract: Emitter (name, version, scope; Model in, files and findings out; may fail), Guard, BundleGuard, the registry.
        .target(name: "PluginAPI", dependencies: ["Diagnostics", "Model", "Serialization"], exclude: ["README.md"]),
        // The output branch: layout (clusters/<c>/), metadata, trailers, the {env} template; files to a tree to a commit.
        .target(name: "Output", dependencies: ["GitStore", "PluginAPI"], exclude: ["README.md"]),
        // The pipeline: git-free stages (Pipeline), reading a commit (SourceLoader), Workflow and Publication; questions asked of a compile. Plugins are injected, never imported.
        .target(name: "Compiler", dependencies: ["Diagnostics", "GitStore", "Fragments", "Resolver", "Model", "ModelBuilding", "Authorization", "PluginAPI", "Output"], exclude: ["README.md"]),

        // Migration from a live cluster: its dumps (aws-auth, RBAC, access entries) read, mapped to fragments, and the result
        // proven against the dumps through the Compiler's git-free stages; compared with a rendered branch (drift). Plugins are injected.
        .target(name: "Migration", dependencies: ["Diagnostics", "Model", "Serialization", "Authorization", "Compiler", .product(name: "Yams", package: "Yams")],
                exclude: ["README.md"]),

        // Built-in plugins: ordinary library targets that depend only on PluginAPI (and its inputs).
        .target(name: "AwsAuth", dependencies: ["PluginAPI"], path: "Plugins/AwsAuth"),
        .target(name: "AccessEntries", dependencies: ["PluginAPI"], path: "Plugins/AccessEntries"),
        .target(name: "RBAC", dependencies: ["PluginAPI"], path: "Plugins/RBAC"),
        .target(name: "Kustomize", dependencies: ["PluginAPI"], path: "Plugins/Kustomize"),
        // Reads the emitted files back with parsers independent of the writers (Yams, its own strict JSON reader).
        .target(name: "LockoutGuard", dependencies: ["PluginAPI", .product(name: "Yams", package: "Yams")], path: "Plugins/LockoutGuard"),
        .target(name: "EscalationGuard", dependencies: ["PluginAPI"], path: "Plugins/EscalationGuard"),
        .target(name: "IdentityGuard", dependencies: ["PluginAPI"], path: "Plugins/IdentityGuard"),
        .target(name: "ValidityGuard", dependencies: ["PluginAPI"], path: "Plugins/ValidityGuard"),
        .target(name: "TypoGuard", dependencies: ["PluginAPI"], path: "Plugins/TypoGuard"),
        .target(name: "AccessPolicyGuard", dependencies: ["PluginAPI"], path: "Plugins/AccessPolicyGuard"),
        .target(name: "BuiltinPlugins",
                dependencies: ["PluginAPI", "AwsAuth", "AccessEntries", "RBAC", "Kustomize",
                               "LockoutGuard", "EscalationGuard", "IdentityGuard", "ValidityGuard", "TypoGuard", "AccessPolicyGuard"],
                path: "Plugins/BuiltinPlugins"),

        // Commands over the library; the executable only calls into it.
        .target(name: "RolecallCLI", dependencies: [
            "Compiler", "Migration", "BuiltinPlugins",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["README.md"]),
        .executableTarget(name: "rolecall", dependencies: ["RolecallCLI"]),

        // Shared fixtures: temporary folders, external tools, commits built through GitStore.
        .target(name: "TestSupport", dependencies: ["GitStore"], path: "Tests/TestSupport"),
        .testTarget(name: "DiagnosticsTests", dependencies: ["Diagnostics"]),
        .testTarget(name: "SerializationTests", dependencies: ["TestSupport", "Serialization"]),
        .testTarget(name: "GitStoreTests", dependencies: ["TestSupport", "GitStore"]),
        .testTarget(name: "FragmentsTests", dependencies: ["TestSupport", "Fragments"]),
        .testTarget(name: "ResolverTests", dependencies: ["Resolver"]),
        .testTarget(name: "ModelTests", dependencies: ["Model", "ModelBuilding", "Fragments", "Resolver"]),
        .testTarget(name: "AuthorizationTests", dependencies: ["Authorization", "Model"]),
        .testTarget(name: "GuardTests", dependencies: ["TestSupport", "BuiltinPlugins", "Compiler", "Model", "ModelBuilding", "Resolver", "Fragments", "Authorization"]),
        .testTarget(name: "PluginTests", dependencies: ["TestSupport", "BuiltinPlugins", "Compiler", "Model", "ModelBuilding"]),
        .testTarget(name: "CompilerTests", dependencies: ["TestSupport", "Compiler", "BuiltinPlugins", "GitStore"]),
        .testTarget(name: "MigrationTests", dependencies: ["TestSupport", "Migration", "BuiltinPlugins", "Compiler", "Authorization"]),
        .testTarget(name: "RolecallCLITests", dependencies: ["TestSupport", "RolecallCLI", "GitStore", "Authorization", .product(name: "Yams", package: "Yams")]),
    ],
    swiftLanguageModes: [.v6]
)
