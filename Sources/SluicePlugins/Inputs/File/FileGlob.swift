import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// The file input's path globs: `*`, `?`, `[..]`, `{a,b}` (glob(3) with GLOB_BRACE), and `**`
/// (any depth of directories, by walking the tree below the pattern's fixed prefix).
enum FileGlob {
    static func expand(_ pattern: String) -> [String] {
        if pattern.contains("**") { return recursive(pattern) }
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, GLOB_BRACE, nil, &result) == 0 else { return [] }
        return (0..<Int(result.gl_pathc)).compactMap { result.gl_pathv[$0].map { String(cString: $0) } }
    }

    /// Walks the directory before the first wildcard and matches each file with fnmatch(3), where
    /// `*` also crosses `/` (so `**` matches any depth).
    static func recursive(_ pattern: String) -> [String] {
        let wildcard = pattern.firstIndex { "*?[{".contains($0) } ?? pattern.endIndex
        let prefix = pattern[..<wildcard]
        let base = prefix.lastIndex(of: "/").map { String(prefix[..<$0]) } ?? "."
        let flat = pattern.replacingOccurrences(of: "**/", with: "*").replacingOccurrences(of: "**", with: "*")
        var found: [String] = []
        var stack = [base.isEmpty ? "/" : base]
        var visited = 0
        while let directory = stack.popLast(), visited < 100_000 {
            visited += 1
            guard let handle = opendir(directory) else { continue }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name == "." || name == ".." { continue }
                let path = directory == "/" ? "/" + name : directory + "/" + name
                guard let info = FileStatus(path: path, followingLinks: false) else { continue }
                if info.isDirectory {
                    stack.append(path)
                } else if fnmatch(flat, path, 0) == 0 {
                    found.append(path)
                }
            }
        }
        return found
    }

    /// Whether a file name (not its directory) matches an `exclude` glob.
    static func excluded(_ path: String, by patterns: [String]) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return patterns.contains { fnmatch($0, name, 0) == 0 }
    }
}

import Foundation
