import TestSupport
import Diagnostics
import Foundation
@testable import Fragments

func read(_ text: String, path: String = "teams/x.yaml", limits: ReadLimits = .standard) -> (Node?, [Diagnostic]) {
    YAMLReader.read(Data(text.utf8), path: path, commit: nil, limits: limits)
}

func readBytes(_ bytes: [UInt8], limits: ReadLimits = .standard) -> (Node?, [Diagnostic]) {
    YAMLReader.read(Data(bytes), path: "teams/x.yaml", commit: nil, limits: limits)
}

func load(_ text: String, path: String = "teams/x.yaml", commit: String? = nil) -> (Fragment?, [Diagnostic]) {
    FragmentLoader.load(Data(text.utf8), path: path, commit: commit)
}

/// The codes of the diagnostics, for compact expectations.
func codes(_ diagnostics: [Diagnostic]) -> [String] { diagnostics.map(\.code) }

func position(_ d: Diagnostic?) -> [Int]? { d.map { [$0.location.line, $0.location.column] } }

func with(_ change: (inout ReadLimits) -> Void) -> ReadLimits {
    var limits = ReadLimits()
    change(&limits)
    return limits
}

