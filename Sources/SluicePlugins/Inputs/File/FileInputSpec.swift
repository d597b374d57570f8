import SluiceConfig

/// `input { file { ... } }`: tail live files or read whole ones (logstash-input-file 4.4.7).
let fileInputSpec = PluginSpec.input(
    "file", summary: "tail live log files, or read whole (also gzipped) files",
    options: [
        OptionSpec("path", .array(of: .string), required: true, doc: "globs of the files to read (*, **, ?, [..], {a,b})"),
        OptionSpec("exclude", .array(of: .string), default: .array([]), doc: "globs matched against file names to skip"),
        OptionSpec("mode", .oneOf(["tail", "read"]), default: .string("tail"), doc: "tail: follow appends; read: whole files"),
        OptionSpec(
            "start_position", .oneOf(["beginning", "end"]), default: .string("end"),
            doc: "where to start files first seen at startup (tail mode)"),
        OptionSpec("sincedb_path", .path, doc: "where read positions are kept (default under --path.data)"),
        OptionSpec(
            "sincedb_write_interval", .string, default: .string("200 ms"),
            doc: "how often acknowledged positions are saved (Logstash: 15 seconds)"),
        OptionSpec("sincedb_clean_after", .string, default: .string("14 days"), doc: "forget files not seen for this long"),
        OptionSpec("stat_interval", .string, default: .string("1 second"), doc: "how often files are checked for new data"),
        OptionSpec("discover_interval", .number, default: .integer(15), doc: "look for new files every N stat intervals"),
        OptionSpec("close_older", .string, default: .string("1 hour"), doc: "close files idle for this long"),
        OptionSpec("ignore_older", .string, doc: "skip files last modified longer ago than this"),
        OptionSpec("max_open_files", .number, default: .integer(4095), doc: "the most files open at once"),
        OptionSpec("delimiter", .string, default: .string("\n"), doc: "line separator"),
        OptionSpec(
            "max_line_bytes", .number, default: .integer(10 << 20),
            doc: "longer lines are cut to this size and tagged _linetoolong (Sluice)"),
        OptionSpec("file_chunk_size", .number, default: .integer(32_768), doc: "bytes read at a time"),
        OptionSpec(
            "file_chunk_count", .number, default: .integer(4_611_686_018_427_387_903),
            status: .noEffect("Sluice does not limit how many chunks it reads from one file before turning to the next"),
            doc: "chunks read per file per turn"),
        OptionSpec(
            "file_sort_by", .oneOf(["last_modified", "path"]), default: .string("last_modified"), doc: "read order (read mode)"),
        OptionSpec("file_sort_direction", .oneOf(["asc", "desc"]), default: .string("asc"), doc: "read order direction"),
        OptionSpec(
            "file_completed_action", .oneOf(["delete", "log", "log_and_delete"]), default: .string("log"),
            doc: "what to do with a file read to its end (read mode); Sluice never deletes unless asked"),
        OptionSpec("file_completed_log_path", .path, doc: "where completed file names are appended"),
        OptionSpec("exit_after_read", .boolean, default: .boolean(false), doc: "stop when every file is read (read mode)"),
        OptionSpec(
            "check_archive_validity", .boolean, default: .boolean(false),
            status: .noEffect("a .gz file is always read all or nothing: a corrupt archive sends no event"),
            doc: "test .gz files fully before reading"),
    ],
    decode: FileInputOptions.init) { options, _ in FileInput(options: options) }
