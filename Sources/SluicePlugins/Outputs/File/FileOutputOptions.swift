import SluiceConfig
import SluiceCore
#if canImport(Glibc)
import Glibc
#endif

/// The file output's options, decoded: the path compiled and checked (its fixed directory must be
/// creatable by this process), the codec's encoder, the modes.
public struct FileOutputOptions: Sendable, Hashable {
    let path: OutputPath
    let encoder: EventEncoder
    let fsyncOnWrite: Bool
    let createIfDeleted: Bool
    let overwrite: Bool
    let gzip: Bool
    let failurePath: String
    let fileMode: mode_t
    let dirMode: mode_t
    let staleSeconds: Int64

    init(_ reader: inout OptionReader) throws {
        let text = reader.string("path")
        var path: OutputPath?
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            reader.problem("path", "path is empty", hint: "path => \"data/out/logs-%{+YYYY.MM.dd}.ndjson\"")
        } else if text.hasSuffix("/") {
            reader.problem("path", "path \"\(text)\" names a directory, not a file", hint: "end it with a file name")
        } else if let first = text.split(separator: "/", omittingEmptySubsequences: true).first, first.contains("%{") {
            reader.problem(
                "path", "the starting part of the path should not be dynamic",
                hint: "start the path with a fixed directory, such as data/out/%{...}")
        } else {
            let workingDirectory = reader.context.workingDirectory
            path = reader.attempt("path") { try OutputPath(text, workingDirectory: workingDirectory) }
        }
        if let path {
            let directory = path.root
            if let problem = FileAccess.uncreatableUnder(directory) {
                reader.problem("path", "files cannot be created under \(directory): \(problem)")
            }
            if !path.isDynamic, FileAccess.unreadableDirectory(path.template.source) == nil {
                reader.problem("path", "path \"\(text)\" is a directory", hint: "name a file inside it")
            }
        }
        encoder = reader.eventEncoder()
        fsyncOnWrite = reader.bool("fsync")
        createIfDeleted = reader.bool("create_if_deleted")
        overwrite = reader.string("write_behavior") == "overwrite"
        gzip = reader.bool("gzip")
        let failure = reader.string("filename_failure")
        if failure.isEmpty || failure.contains("/") || failure.contains("%{") {
            reader.problem("filename_failure", "filename_failure must be a plain file name", hint: "the default is _filepath_failures")
        }
        let file = reader.integer("file_mode")
        let dir = reader.integer("dir_mode")
        fileMode = file < 0 ? 0o644 : mode_t(truncatingIfNeeded: file)
        dirMode = dir < 0 ? 0o755 : mode_t(truncatingIfNeeded: dir)
        staleSeconds = reader.integer("stale_cleanup_interval")
        try reader.finish()
        self.path = path!
        failurePath = OutputPath.normalize(self.path.root + "/" + failure)
    }
}
