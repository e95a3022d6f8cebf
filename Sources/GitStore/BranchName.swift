/// What a local branch is to git: `refs/heads/<name>`, with git's branch-name rules (those of
/// `git check-ref-format --branch`, stricter than libgit2's for a whole reference).
public enum BranchName {
    public static let prefix = "refs/heads/"

    public static func reference(_ branch: String) -> String { prefix + branch }

    /// The branch name of a full reference under `refs/heads/`, else nil.
    public static func branch(ofReference reference: String) -> String? {
        reference.hasPrefix(prefix) ? String(reference.dropFirst(prefix.count)) : nil
    }

    /// Nil when `branch` is a valid branch name, else why not.
    public static func problem(_ branch: String) -> String? {
        if branch.isEmpty { return "it is empty" }
        if branch.hasPrefix("refs/") { return "it is a full reference name; give the branch name without `refs/heads/`, or git reads it as another ref" }
        // `heads/main` is the branch `refs/heads/heads/main`, but git reads `heads/main` as
        // `refs/heads/main`: a name that means another ref to every git command is refused.
        if let first = branch.split(separator: "/").first, ["heads", "tags", "remotes"].contains(String(first)), branch.contains("/") {
            return "git reads `\(branch)` as `refs/\(branch)`, another ref than the branch `refs/heads/\(branch)`; give a name that does not start with `\(first)/`"
        }
        if branch == "HEAD" || branch == "@" || branch.hasPrefix("-") { return "git reserves it (`HEAD`, `@` and names starting with `-` are not branch names)" }
        return Repository.referenceNameProblem(reference(branch))
    }
}
