import ArgumentParser
import Foundation
import Migration

/// The three dumps of a live cluster, as `import` and `drift` take them (docs/migrating.md says
/// how to take them).
struct DumpOptions: ParsableArguments {
    @Option(name: .customLong("aws-auth"), help: ArgumentHelp("`kubectl get configmap aws-auth -n kube-system -o yaml`.", valueName: "file"))
    var awsAuth: String?

    @Option(help: ArgumentHelp("`kubectl get namespaces,roles,rolebindings,clusterroles,clusterrolebindings -A -o yaml`.", valueName: "file"))
    var rbac: String?

    @Option(name: .customLong("access-entries"), help: ArgumentHelp("describe-access-entry and list-associated-access-policies outputs, concatenated.", valueName: "file"))
    var accessEntries: String?

    /// Runs `work` on the dumps' texts (nil for a dump not given); a dump that does not read is a
    /// usage error naming its file.
    func reading<T>(_ work: (_ awsAuth: String?, _ rbac: String?, _ accessEntries: String?) throws -> T) throws -> T {
        do {
            return try work(try awsAuth.map(Self.read), try rbac.map(Self.read), try accessEntries.map(Self.read))
        } catch let failure as LiveDumps.Failure {
            throw Failure(message: naming(failure))
        }
    }

    /// A dump's failure with the file it is about: the readers label them `aws-auth:`, `rbac:`,
    /// `access entries:`; the user passed a path.
    func naming(_ failure: LiveDumps.Failure) -> String {
        for (label, path) in [("aws-auth: ", awsAuth), ("rbac:", rbac), ("access entries: ", accessEntries)] {
            if let path, failure.description.hasPrefix(label) { return "\(path): \(failure.description)" }
        }
        return failure.description
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(message: "cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }
}
