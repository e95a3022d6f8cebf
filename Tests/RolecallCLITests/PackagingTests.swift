import Foundation
import TestSupport
import Testing

/// `scripts/package` turns a built binary into the release tarball and `.deb`; the `.deb`
/// installs into a clean dpkg root (its own admin directory, nothing else installed), and the
/// rolecall it installs prints its version and compiles a real repository. The test packages the
/// binary this suite already built (a release build takes minutes); the release build itself is
/// the same script without `--binary`. Runs where dpkg-deb exists or ROLECALL_PACKAGE_TESTS=1.
@Suite("release packaging: tarball and .deb")
struct PackagingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let enabled = ProcessInfo.processInfo.environment["ROLECALL_PACKAGE_TESTS"] == "1"
        || (Tool.find("dpkg-deb") != nil && Tool.find("dpkg") != nil && Tool.find("readelf") != nil)

    @Test(.enabled(if: enabled, "dpkg-deb, dpkg or readelf not found and ROLECALL_PACKAGE_TESTS is not 1: packaging not tested"),
          .enabled(if: Tool.hasGit, "git not on PATH"))
    func theDebInstallsIntoACleanRootWhoseRolecallPrintsItsVersionAndCompiles() throws {
        let binary = try #require(RolecallBinary.path, "rolecall not built")
        let temp = try TemporaryDirectory("package")
        let dist = temp.sub("dist")
        let packaged = try Tool.run("/bin/bash", [Self.root.path + "/scripts/package", "--binary", binary, "--out", dist, "--no-manual", "--fast"])
        #expect(packaged.status == 0, "\(packaged.output)")
        let outputs = packaged.stdout.split(separator: "\n").map(String.init)
        let tarball = try #require(outputs.first { $0.hasSuffix(".tar.gz") }, "\(packaged.output)")
        let deb = try #require(outputs.first { $0.hasSuffix(".deb") }, "\(packaged.output)")
        #expect(tarball.hasSuffix("/rolecall-0.1.0-linux-x86_64.tar.gz") || tarball.hasSuffix("/rolecall-0.1.0-linux-aarch64.tar.gz"), "\(tarball)")

        let listing = try Tool.run("/bin/tar", ["-tzf", tarball]).stdout
        for path in ["rolecall-0.1.0/bin/rolecall", "rolecall-0.1.0/share/man/man1/rolecall.1.gz",
                     "rolecall-0.1.0/share/bash-completion/completions/rolecall", "rolecall-0.1.0/share/zsh/vendor-completions/_rolecall",
                     "rolecall-0.1.0/share/fish/vendor_completions.d/rolecall.fish"] {
            #expect(listing.contains(path + "\n"), "\(path) not in the tarball: \(listing)")
        }

        // Depends names libgit2 1.5 and only packages that exist (this machine has them installed).
        let depends = try Tool.run(Tool.find("dpkg-deb")!, ["-f", deb, "Depends"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let packages = depends.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(packages.first == "libgit2-1.5", "\(depends)")
        for package in packages {
            #expect(try Tool.run(Tool.find("dpkg")!, ["-s", package]).status == 0, "Depends names \(package), which is not a package here")
        }

        // A clean root: an empty dpkg database, nothing else installed (dependencies are the host's).
        let instdir = temp.sub("root")
        for folder in ["var/lib/dpkg/info", "var/lib/dpkg/updates"] {
            try FileManager.default.createDirectory(atPath: instdir + "/" + folder, withIntermediateDirectories: true)
        }
        _ = FileManager.default.createFile(atPath: instdir + "/var/lib/dpkg/status", contents: Data())
        let install = try Tool.run(Tool.find("dpkg")!, ["--instdir=" + instdir, "--admindir=" + instdir + "/var/lib/dpkg",
                                                         "--force-depends", "--force-not-root", "-i", deb])
        #expect(install.status == 0, "\(install.output)")
        let installed = instdir + "/usr/bin/rolecall"
        for path in ["/usr/share/bash-completion/completions/rolecall", "/usr/share/man/man1/rolecall.1.gz"] {
            #expect(FileManager.default.fileExists(atPath: instdir + path), "\(path) not installed")
        }
        let completion = try String(contentsOfFile: instdir + "/usr/share/bash-completion/completions/rolecall", encoding: .utf8)
        #expect(completion.contains("compile") && completion.contains("schema"), "the bash completion knows the subcommands")

        let version = try Tool.run(installed, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("rolecall 0.1.0 (commit "), "\(version.output)")

        let source = try CLISource()
        try source.commit(CLISource.clean)
        let compile = try Tool.run(installed, ["compile", "--repo", source.path])
        #expect(compile.status == 0, "\(compile.output)")
        #expect(try source.rendered("dev") != nil && source.rendered("staging") != nil)
    }

    @Test func plainBuildsSayTheyCarryNoCommitRatherThanGuessing() throws {
        let version = try RolecallBinary.run(["--version"])
        #expect(version.status == 0)
        let line = version.stdout.trimmingCharacters(in: .newlines)
        // The suite's binary comes from `swift build`, unstamped; a scripts/package build prints its commit.
        #expect(line == "rolecall 0.1.0 (commit unknown: built without scripts/package)", "\(line)")
    }
}
