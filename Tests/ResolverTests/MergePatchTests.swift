import Diagnostics
import Fragments
import Resolver
import Testing

@Suite("MergePatch (RFC 7386)")
struct MergePatchTests {
    /// RFC 7386 appendix A, in YAML flow syntax: target, patch, result.
    @Test("the RFC's example cases", arguments: [
        ("{a: b}", "{a: c}", "{a:c}"),
        ("{a: b}", "{b: c}", "{a:b,b:c}"),
        ("{a: b}", "{a: null}", "{}"),
        ("{a: b, b: c}", "{a: null}", "{b:c}"),
        ("{a: [b]}", "{a: c}", "{a:c}"),
        ("{a: c}", "{a: [b]}", "{a:[b]}"),
        ("{a: {b: c}}", "{a: {b: d, c: null}}", "{a:{b:d}}"),
        ("{a: [{b: c}]}", "{a: [1]}", "{a:[1]}"),
        ("[a, b]", "[c, d]", "[c,d]"),
        ("{a: b}", "[c]", "[c]"),
        ("{a: foo}", "null", "<none>"),
        ("{a: foo}", "bar", "bar"),
        ("{e: null}", "{a: 1}", "{e:null,a:1}"),
        ("[1, 2]", "{a: b, c: null}", "{a:b}"),
        ("{}", "{a: {bb: {ccc: null}}}", "{a:{bb:{}}}"),
    ])
    func rfcAppendix(target: String, patch: String, result: String) {
        #expect(flat(MergePatch.apply(node(patch), to: node(target))) == result)
    }

    @Test("applying to nothing keeps the patch minus its nulls", arguments: [
        ("{a: 1, b: null, c: {d: null, e: 2}}", "{a:1,c:{e:2}}"), ("[1, null]", "[1,null]"), ("x", "x"), ("null", "<none>"),
    ])
    func applyToNothing(patch: String, result: String) {
        #expect(flat(MergePatch.apply(node(patch), to: nil)) == result)
    }

    @Test("merge applies patches in order, later ones winning")
    func mergeInOrder() {
        let layers = [node("{a: 1, b: {x: 1, y: 1}, l: [1]}"), node("{a: 2, b: {y: 2}}"), node("{b: {x: null}, l: [3, 4], z: 9}")]
        #expect(flat(MergePatch.merge(layers)) == "{a:2,b:{y:2},l:[3,4],z:9}")
        #expect(MergePatch.merge([]) == nil)
    }

    @Test("existing keys keep their position; new keys are appended")
    func keyOrder() {
        #expect(flat(MergePatch.apply(node("{z: 0, a: 1}"), to: node("{m: 1, a: 0, z: 1}"))) == "{m:1,a:1,z:0}")
    }

    @Test("a replaced value records the location it replaced, oldest first")
    func provenanceChain() throws {
        let base = node("a: 1\n", path: "environments/base.yaml")
        let middle = node("x: 0\na: 2\n", path: "environments/mid.yaml")
        let top = node("\n\na: 3\n", path: "environments/top.yaml")
        let merged = try #require(MergePatch.merge([base, middle, top]))
        let a = try #require(merged["a"])
        #expect(a.string == "3")
        #expect(a.location.path == "environments/top.yaml" && a.location.line == 3)
        #expect(a.overrides.map(\.path) == ["environments/base.yaml", "environments/mid.yaml"])
        #expect(a.overrides.map(\.line) == [1, 2])
    }

    @Test("a list replacing a list, or a mapping replacing a scalar, keeps what it replaced")
    func provenanceAcrossKinds() throws {
        let merged = try #require(MergePatch.merge([
            node("l: [1, 2]\ns: text\n", path: "teams/a.yaml"),
            node("l: [3]\ns: {k: v}\n", path: "teams/b.yaml"),
        ]))
        #expect(merged["l"]?.overrides.map(\.path) == ["teams/a.yaml"])
        #expect(merged["s"]?.location.path == "teams/b.yaml")
        #expect(merged["s"]?.overrides.map(\.path) == ["teams/a.yaml"])
        #expect(merged["s"]?["k"]?.overrides == [])
    }

    @Test("mappings merged key by key keep the target's location; untouched values keep theirs")
    func mergedMappingLocations() throws {
        let merged = try #require(MergePatch.merge([
            node("g:\n  a: 1\n  b: 1\n", path: "teams/a.yaml"),
            node("g:\n  b: 2\n", path: "teams/b.yaml"),
        ]))
        #expect(merged["g"]?.location.path == "teams/a.yaml")
        #expect(merged["g"]?["a"]?.location.path == "teams/a.yaml" && merged["g"]?["a"]?.overrides == [])
        #expect(merged["g"]?["b"]?.location.path == "teams/b.yaml")
    }

    @Test("removing, keeping and setting top-level keys")
    func nodeHelpers() {
        let n = node("{kind: Team, name: x, groups: {}, extends: y}")
        #expect(flat(n.removing(["kind", "extends"])) == "{name:x,groups:{}}")
        #expect(flat(n.keeping(["groups", "missing"])) == "{groups:{}}")
        let at = Diagnostics.SourceLocation(path: "p")
        #expect(flat(n.setting("name", to: node("z"), keyLocation: at)) == "{kind:Team,name:z,groups:{},extends:y}")
        #expect(flat(n.setting("new", to: node("[1]"), keyLocation: at)) == "{kind:Team,name:x,groups:{},extends:y,new:[1]}")
        #expect(flat(node("[1]").removing(["a"])) == "[1]")
    }
}
