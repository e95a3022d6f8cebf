import Foundation

extension String {
    /// Whether both hold the same UTF-8 bytes. Swift's `==` is canonical equivalence: "é"
    /// precomposed equals "e" and a combining accent, which Kubernetes, EKS and git tell apart.
    /// Whatever compares text to reuse output or to elide it compares it by bytes.
    public func hasSameBytes(as other: String) -> Bool {
        let count = utf8.count
        guard count == other.utf8.count else { return false }
        guard count > 0 else { return true }
        let compared = utf8.withContiguousStorageIfAvailable { x in
            other.utf8.withContiguousStorageIfAvailable { y in x.baseAddress == y.baseAddress || memcmp(x.baseAddress!, y.baseAddress!, count) == 0 }
        }
        return (compared ?? nil) ?? utf8.elementsEqual(other.utf8)
    }
}
