@testable import Compiler
import Foundation
import GitStore
import Testing

/// The render store hashes each distinct file once; a file it saw is recognised by its bytes.
@Suite("recently hashed files")
struct RecentBlobsTests {
    @Test func eachFileGetsTheIdOfItsOwnBytes() {
        let recent = RecentBlobs(capacity: 2)
        let big = String(repeating: "kind: Role\n", count: 2000)
        // Canonically equivalent to the first, other bytes; then enough others to push it out.
        let files = [big + "caf\u{E9}", big + "cafe\u{301}", big + "caf\u{E9}", "a", "b", big + "caf\u{E9}", String(big + "caf\u{E9}")]
        for file in files {
            #expect(recent.id(of: file) == Repository.blobID(of: Data(file.utf8)))
        }
        #expect(recent.id(of: files[0]) != recent.id(of: files[1]))
    }
}
