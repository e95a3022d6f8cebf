import Diagnostics
import Foundation
import Testing
@testable import Fragments

@Suite("anchors, aliases and hostile nesting")
struct PreflightTests {
    @Test("anchors and aliases are refused wherever they start a node", arguments: [
        "a: &x 1\nb: *x\n", "base: &b {k: v}\nother: *b\n", "list:\n- &i item\n- *i\n", "flow: [&a x, *a]\n",
        "&root\nk: v\n", "? &k key\n: v\n", "a: !!str &x v\n",
    ])
    func anchorsRefused(text: String) {
        let (node, diagnostics) = read(text)
        #expect(node == nil)
        #expect(codes(diagnostics) == ["yaml-anchor"])
    }

    @Test("an unquoted * as a value is refused with a hint to quote the wildcard")
    func bareWildcard() {
        let (_, diagnostics) = read("access:\n  ns: *\n")
        #expect(codes(diagnostics) == ["yaml-anchor"])
        #expect(diagnostics.first?.message.contains("\"*\"") == true)
        #expect(position(diagnostics.first) == [2, 7])
    }

    @Test("a YAML alias bomb is refused quickly")
    func aliasBomb() {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        let start = Date()
        let (node, diagnostics) = read(lines.joined(separator: "\n") + "\n")
        #expect(node == nil)
        #expect(codes(diagnostics) == ["yaml-anchor"])
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("anchors the line scan misses (after a stray quote in a plain scalar) are still refused", arguments: [
        "note: it is Bob 's\nb: &x 1\nc: *x\n",
        "note: say \"hi\nb: &x {k: v}\nc: *x\n",
        "note: first\n  'continued\nb: &x 1\nc: *x\n",
    ])
    func anchorsAfterFakeQuote(text: String) {
        let (node, diagnostics) = read(text)
        #expect(node == nil)
        #expect(codes(diagnostics) == ["yaml-anchor"])
    }

    @Test("& and * inside words, quotes, comments and block text are ordinary characters", arguments: [
        "a: b&c\n", "a: x *y\n", "a: x &y\n", "team: R&D\n", "a: say \"hi\nb: 1\n", "a: \"&quoted\"\n", "a: '*'\n", "access: {\"*\": edit}\n",
        "a: b # &anchor and *alias in a comment\n", "text: |\n  &not an anchor\n  *nor an alias\nnext: 1\n",
        "text: >-\n  - &x\n  - *x\n", "url: http://x/*\n",
    ])
    func ampersandsAndStarsAllowed(text: String) {
        let (node, diagnostics) = read(text)
        #expect(diagnostics.isEmpty)
        #expect(node != nil)
    }

    @Test("tens of thousands of nested flow brackets are refused without crashing", arguments: [("[", 100_000), ("{", 100_000), ("{a: ", 60_000)])
    func deepFlowNesting(open: String, count: Int) {
        let (node, diagnostics) = read(String(repeating: open, count: count))
        #expect(node == nil)
        #expect(codes(diagnostics) == ["fragment-too-complex"])
        #expect(diagnostics.first?.location.line == 1)
    }

    @Test("flow brackets opened across many lines still count toward the depth")
    func deepFlowNestingAcrossLines() {
        let (_, diagnostics) = read("a: " + String(repeating: "[\n", count: 1000) + "x" + String(repeating: "]", count: 1000) + "\n")
        #expect(codes(diagnostics) == ["fragment-too-complex"])
    }

    @Test("100000 list markers on one line are refused without crashing")
    func deepDashes() {
        let (node, diagnostics) = read(String(repeating: "- ", count: 100_000) + "x\n")
        #expect(node == nil)
        #expect(codes(diagnostics) == ["fragment-too-complex"])
    }

    @Test("41 list markers on one line are too many, 40 are read")
    func dashLimitBoundary() {
        #expect(codes(read(String(repeating: "- ", count: 41) + "x\n").1) == ["fragment-too-complex"])
        // 40 markers nest 40 lists: within the depth limit of 40 below the root.
        #expect(read(String(repeating: "- ", count: 40) + "x\n").1.isEmpty)
    }

    @Test("deep nesting hidden from the line scan by an apostrophe is refused without crashing", arguments: [
        "note: Bob 's\nx: " + String(repeating: "[", count: 100_000) + "\n",
        "note: Bob 's\n" + String(repeating: "? ", count: 50_000) + "x\n",
        String(repeating: "? ", count: 100_000) + "x\n",
        String(repeating: "- ? ", count: 50_000) + "x\n",
    ])
    func hiddenDeepNesting(text: String) {
        let (node, diagnostics) = read(text)
        #expect(node == nil)
        #expect(diagnostics.hasErrors)
    }

    @Test("indentation beyond what fragments need is refused")
    func deepIndentation() {
        let (_, diagnostics) = read("a:\n" + String(repeating: " ", count: 400) + "b: 1\n")
        #expect(codes(diagnostics) == ["fragment-too-complex"])
        #expect(diagnostics.first?.location.line == 2)
    }

    @Test("block scalar text is not scanned for brackets or indentation")
    func blockScalarSkipped() {
        let text = "text: |\n" + String(repeating: "  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n", count: 3) + "next: 1\n"
        let (node, diagnostics) = read(text)
        #expect(diagnostics.isEmpty)
        #expect(node?["next"]?.string == "1")
    }
}
